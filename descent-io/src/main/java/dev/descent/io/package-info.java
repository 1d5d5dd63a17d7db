/**
 * File formats: checkpoints as safetensors files, atomic file writes, CSV datasets, and defensive
 * opening of input files.
 *
 * <p>Shared conventions:
 * <ul>
 *   <li>Every write that replaces a file goes through {@link dev.descent.io.AtomicFiles}: a
 *       temporary file in the same directory, forced to disk, then renamed over the target. A failed
 *       write leaves the previous file exactly as it was and no temporary file behind.</li>
 *   <li>Reads never write. A file that cannot be used is refused with an exception whose message
 *       names the file and what is wrong: for checkpoints a
 *       {@link dev.descent.train.CheckpointException} with a {@link dev.descent.train.CheckpointException.Kind};
 *       for CSV a {@link dev.descent.io.CsvDataException} with the 1-based line number and the
 *       column name.</li>
 *   <li>Input is not trusted: {@link dev.descent.io.InputFiles} opens only regular files, bounds
 *       what it reads by the heap, and refuses binary data and invalid UTF-8 with an
 *       {@link dev.descent.io.InputFileException} naming the offset; messages escape control
 *       characters from the input ({@link dev.descent.text.Printable}).</li>
 *   <li>Formats are ones other tools read: safetensors (numpy, PyTorch, JAX, the {@code safetensors}
 *       package) with JSON metadata, and plain CSV. Numbers are IEEE-754 doubles, little-endian on
 *       disk; round trips are bit for bit.</li>
 *   <li>Arrays returned to the caller are owned by the caller; nothing here keeps a reference.</li>
 * </ul>
 */
package dev.descent.io;
