/**
 * JMH benchmarks. Not a dependency of anything; build the shaded jar and run it:
 *
 * <pre>{@code
 * mvn -B -q -pl descent-bench -am package -DskipTests
 * java -jar descent-bench/target/benchmarks.jar UpdateRule -f 1 -wi 3 -i 5 -t 1
 * }</pre>
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
