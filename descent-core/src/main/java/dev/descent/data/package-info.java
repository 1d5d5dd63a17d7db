/**
 * Datasets for training: an immutable in-memory {@link dev.descent.data.Dataset}, seeded minibatch
 * order ({@link dev.descent.data.MiniBatches}), train/validation splits
 * ({@link dev.descent.data.Split}), standardization ({@link dev.descent.data.Standardizer}) and a
 * dependency-free reader for MNIST-style IDX files ({@link dev.descent.data.IdxReader},
 * {@link dev.descent.data.Mnist}).
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Layout.</b> Features are one dense, row-major {@code double[]} of n × d values: row i,
 *       feature j is element {@code i·d + j}. A row is one example. Labels are either class
 *       indices ({@code int[n]}, each in {@code [0, classes)}) for classification, or real targets
 *       ({@code double[n·k]}, row-major, k per example) for regression.</li>
 *   <li><b>Immutability and ownership.</b> Factories copy what they are given; a dataset never
 *       changes after construction, and methods that "change" it ({@code subset},
 *       {@code scaled}, {@link dev.descent.data.Standardizer#transform}) return a new one.
 *       Accessors return copies, except the {@link dev.descent.autodiff.Tensor} views of
 *       {@link dev.descent.data.Dataset#slice} and {@link dev.descent.data.Dataset#features(int, int)},
 *       which share the dataset's memory and must not be written through {@code data()} (the same
 *       contract as {@link dev.descent.autodiff.Var#value()}).</li>
 *   <li><b>Randomness.</b> Every random choice takes an explicit seed; there is no global RNG.
 *       Derived streams (one per epoch, one per batch) come from {@link dev.descent.data.Seeds},
 *       a documented pure function, so the minibatch order of epoch e is the same on every run
 *       and on every machine, whatever happened in earlier epochs.</li>
 *   <li><b>No leakage.</b> Statistics (means, standard deviations) are fitted on the training
 *       part only and then applied, unchanged, to validation and test data.</li>
 *   <li><b>Errors.</b> Invalid arguments throw {@link java.lang.IllegalArgumentException} naming
 *       the argument and its value; malformed files throw
 *       {@link dev.descent.data.IdxFormatException} naming the file and what is wrong.</li>
 * </ul>
 */
package dev.descent.data;
