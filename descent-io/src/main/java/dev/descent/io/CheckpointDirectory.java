package dev.descent.io;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.StateDict;
import dev.descent.train.Checkpoint;
import dev.descent.train.CheckpointCodec;
import dev.descent.train.CheckpointException;
import dev.descent.train.CheckpointException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A directory of a run's checkpoints: {@code ckpt-<globalStep>.safetensors} files, a {@code latest}
 * pointer naming the newest one, and only the last {@code keep} checkpoints kept.
 *
 * <pre>{@code
 * CheckpointDirectory ckpts = CheckpointDirectory.open(runDir.resolve("checkpoints"), 3);
 * Optional<CheckpointDirectory.Loaded> resume =
 *         ckpts.latest(layout, optimizer.init(layout).stateDict(), CheckpointDirectory.OnCorrupt.REFUSE);
 * ...
 * ckpts.save(Checkpoint.of(theta, state, position, metadata));   // every N steps
 * }</pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>{@link #save} writes the checkpoint atomically, then rewrites {@code latest} atomically (one
 *       line: the file name), then deletes the oldest checkpoints so that the {@code keep} newest
 *       with a global step up to the saved one remain. A crash at any point leaves every complete
 *       checkpoint readable and {@code latest} naming a complete file (possibly one save behind).</li>
 *   <li>Checkpoints with a larger global step than the one saved (left by a run that was resumed
 *       from an earlier point) are neither pointed to nor deleted; they are overwritten when the
 *       run reaches their step again.</li>
 *   <li>The newest checkpoint is the one {@code latest} names; without {@code latest}, the one
 *       with the largest global step.</li>
 *   <li>If the newest checkpoint is damaged, {@link #latest} refuses with
 *       {@link OnCorrupt#REFUSE} (the default: a silent fall-back would lose training without
 *       anyone noticing), naming the file, the problem and the checkpoint it could fall back to.
 *       With {@link OnCorrupt#FALL_BACK} it tries the older ones, newest first, and reports what
 *       it skipped in {@link Loaded#skipped()}. Only damage (truncation, bad header, checksum,
 *       missing or wrong tensors, a missing file) is skipped: a sound checkpoint that does not fit
 *       the model or optimizer is always refused, since older ones will not fit either.</li>
 *   <li>Reading never writes, renames or deletes anything. One process writes a directory at a
 *       time.</li>
 * </ul>
 */
public final class CheckpointDirectory {

    /** The name of the pointer file. */
    public static final String LATEST = "latest";

    private static final Pattern NAME = Pattern.compile("ckpt-(\\d{1,19})\\.safetensors");
    private static final Pattern TEMP = Pattern.compile("\\.(ckpt-\\d{1,19}\\.safetensors|latest)\\..*\\.tmp");

    /** What {@link #latest} does when the newest checkpoint is damaged. */
    public enum OnCorrupt {
        /** Throw a {@link CheckpointException} naming the damaged file. */
        REFUSE,
        /** Skip damaged checkpoints, newest first, and load the newest sound one. */
        FALL_BACK
    }

    /**
     * A loaded checkpoint.
     *
     * @param file       where it came from
     * @param checkpoint the checkpoint
     * @param skipped    one message per newer checkpoint skipped as damaged (empty unless
     *                   {@link OnCorrupt#FALL_BACK})
     */
    public record Loaded(Path file, Checkpoint checkpoint, List<String> skipped) {
        public Loaded {
            skipped = List.copyOf(skipped);
        }
    }

    private final Path dir;
    private final CheckpointCodec codec;
    private final int keep;

    /**
     * @param dir   the directory (must exist)
     * @param codec the file format; {@link SafetensorsCheckpoints} for {@code .safetensors} files
     * @param keep  how many checkpoints to keep, at least 1
     */
    public CheckpointDirectory(Path dir, CheckpointCodec codec, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep = " + keep + " must be >= 1");
        }
        this.dir = Objects.requireNonNull(dir, "dir");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.keep = keep;
    }

    /**
     * Opens (creating if needed) a directory of safetensors checkpoints, and deletes temporary files
     * left there by writes that crashed.
     */
    public static CheckpointDirectory open(Path dir, int keep) throws IOException {
        CheckpointDirectory d = new CheckpointDirectory(dir, new SafetensorsCheckpoints(), keep);
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (TEMP.matcher(f.getFileName().toString()).matches()) {
                    Files.deleteIfExists(f);
                }
            }
        }
        return d;
    }

    public Path directory() {
        return dir;
    }

    /** The file for the checkpoint at {@code globalStep}. */
    public Path fileFor(long globalStep) {
        if (globalStep < 0) {
            throw new IllegalArgumentException("globalStep = " + globalStep + " is negative");
        }
        return dir.resolve("ckpt-" + globalStep + SafetensorsCheckpoints.EXTENSION);
    }

    /**
     * Saves {@code checkpoint} as {@code ckpt-<globalStep>.safetensors}, points {@code latest} at it
     * and deletes checkpoints older than the {@code keep} newest.
     *
     * @return the file written
     * @throws IOException if the write fails; then the previous checkpoints and {@code latest} are
     *                     unchanged
     */
    public Path save(Checkpoint checkpoint) throws IOException {
        long step = checkpoint.position().globalStep();
        Path file = fileFor(step);
        codec.write(file, checkpoint);
        AtomicFiles.writeString(dir.resolve(LATEST), file.getFileName() + "\n");
        List<Path> older = new ArrayList<>();
        for (Path p : list()) {
            if (stepOf(p) <= step) {
                older.add(p);
            }
        }
        for (int i = 0; i < older.size() - keep; i++) {
            Files.deleteIfExists(older.get(i));
        }
        return file;
    }

    /** The checkpoint files, oldest (smallest global step) first. */
    public List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (NAME.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)) {
                    out.add(f);
                }
            }
        }
        out.sort(Comparator.comparingLong(CheckpointDirectory::stepOf));
        return out;
    }

    /**
     * The newest checkpoint file: the one {@code latest} names, or without {@code latest} the one
     * with the largest global step; empty when there is none. The file is not read.
     *
     * @throws CheckpointException if {@code latest} does not hold a checkpoint file name
     */
    public Optional<Path> latestFile() throws IOException {
        Path pointer = dir.resolve(LATEST);
        if (Files.exists(pointer)) {
            String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
            if (!NAME.matcher(name).matches()) {
                throw new CheckpointException(pointer, Kind.MALFORMED, "holds '" + name
                        + "', not a checkpoint file name like ckpt-100.safetensors");
            }
            return Optional.of(dir.resolve(name));
        }
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Reads the newest checkpoint without checking it against a model (the file's own checks
     * still apply), refusing if it is damaged.
     */
    public Optional<Loaded> latest() throws IOException {
        return latest(null, null, OnCorrupt.REFUSE);
    }

    /**
     * Reads the newest checkpoint and checks it against the model's layout and the optimizer's
     * state structure.
     *
     * @param expectedLayout the model's layout, or null to skip the check
     * @param template       not modified; the optimizer's fresh {@code stateDict()}, or null to skip
     *                       the check
     * @param onCorrupt      what to do when the newest checkpoint is damaged
     * @return empty when the directory holds no checkpoint
     * @throws CheckpointException naming the file and the problem
     */
    public Optional<Loaded> latest(ParamLayout expectedLayout, StateDict template, OnCorrupt onCorrupt)
            throws IOException {
        return latest(expectedLayout, template, onCorrupt, "pass OnCorrupt.FALL_BACK");
    }

    /**
     * As {@link #latest(ParamLayout, StateDict, OnCorrupt)}, with the caller's words for asking to
     * fall back in the refusal of a damaged newest checkpoint, e.g. {@code "add --fall-back"} for a
     * command line: {@code "... the previous checkpoint is ckpt-28.safetensors (add --fall-back to
     * resume from the newest sound one)"}.
     */
    public Optional<Loaded> latest(ParamLayout expectedLayout, StateDict template, OnCorrupt onCorrupt,
            String fallBackAdvice) throws IOException {
        if ((expectedLayout == null) != (template == null)) {
            throw new IllegalArgumentException("pass both the expected layout and the state template, or neither");
        }
        Optional<Path> newest = latestFile();
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(newest.get());
        long newestStep = stepOf(newest.get());
        List<Path> all = list();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (stepOf(all.get(i)) < newestStep) {
                candidates.add(all.get(i));
            }
        }
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Path f = candidates.get(i);
            try {
                Checkpoint c = expectedLayout == null ? codec.read(f) : codec.read(f, expectedLayout, template);
                return Optional.of(new Loaded(f, c, skipped));
            } catch (CheckpointException e) {
                boolean damaged = e.kind().isCorruption() || e.kind() == Kind.NOT_FOUND;
                if (!damaged) {
                    throw e;
                }
                if (onCorrupt == OnCorrupt.REFUSE) {
                    String hint = i + 1 < candidates.size()
                            ? "; the previous checkpoint is " + candidates.get(i + 1).getFileName()
                                    + " (" + fallBackAdvice + " to resume from the newest sound one)"
                            : "; there is no older checkpoint to fall back to";
                    throw new CheckpointException(e.file(), e.kind(), e.detail() + hint, e);
                }
                skipped.add(e.getMessage());
            }
        }
        throw new CheckpointException(dir, Kind.MALFORMED, "no sound checkpoint in the directory; skipped "
                + String.join("; ", skipped));
    }

    private static long stepOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file + " is not a checkpoint file name");
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // 19 digits beyond Long.MAX_VALUE: sorts last, never produced by fileFor
        }
    }
}
