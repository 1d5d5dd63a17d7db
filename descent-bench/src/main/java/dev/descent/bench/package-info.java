/**
 * JMH benchmarks. Not a dependency of anything; build the shaded jar and run it:
 *
 * <pre>{@code
 * mvn -B -q -pl descent-bench -am package -DskipTests
 * java -jar descent-bench/target/benchmarks.jar UpdateRule -f 1 -wi 3 -i 5 -t 1
 * }</pre>
 *
 * <p>The matrix-product comparison: {@link dev.descent.bench.KernelBenchmark} times every candidate
 * kernel ({@link dev.descent.bench.Kernels}: descent's Java kernel, EJML, netlib's pure-Java and
 * Vector-API BLAS, native OpenBLAS through descent-blas) on the MLP's shapes, and
 * {@link dev.descent.bench.MlpEpoch} times a whole training epoch with each, next to PyTorch's
 * ({@code descent-bench/torch/compare_epoch.sh} runs both in one session and prints the ratios).
 * OpenBLAS reads {@code OPENBLAS_NUM_THREADS} and {@code OPENBLAS_CORETYPE} from the environment
 * when it loads; run with {@code OPENBLAS_NUM_THREADS=1} for one-thread numbers, and note the
 * core type, which changes its speed by about 1.4× on this machine (Haswell against Cooperlake).
 *
 * <p>Shared conventions:
 * <ul>
 *   <li>Inputs come from a fixed {@link java.util.SplittableRandom} seed, so every run measures
 *       the same numbers.</li>
 *   <li>Each benchmark measuring speed against a hardware limit runs a reference kernel of the
 *       same memory traffic in the same run. Speed claims are ratios within one run
 *       (STYLE.md item 13), because absolute times on a shared machine are noisy.</li>
 *   <li>Benchmarks run one thread and one fork by default; the JMH command line overrides
 *       both.</li>
 * </ul>
 */
package dev.descent.bench;
