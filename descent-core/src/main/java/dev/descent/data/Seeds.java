package dev.descent.data;

import java.util.SplittableRandom;

/**
 * Derives independent-looking seeds from a run's seed, as a pure function: the seed of epoch e, of
 * batch b within it, of a dropout mask, and so on, without replaying anything that came before.
 *
 * <pre>
 *   derive(seed, stream) = mix64( mix64(seed) ⊕ stream·γ )        γ = 0x9E3779B97F4A7C15 (odd)
 *   mix64(z): z ← (z ⊕ z≫30)·0xBF58476D1CE4E5B9;  z ← (z ⊕ z≫27)·0x94D049BB133111EB;  z ⊕ z≫31
 * </pre>
 *
 * mix64 is the SplitMix64 finalizer (Stafford's variant 13), the same bijective mix that
 * {@link java.util.SplittableRandom} applies to its state, so for a fixed seed distinct streams
 * always give distinct derived seeds. Each derived seed then seeds its own
 * {@code new SplittableRandom(derived)}.
 *
 * <h2>Why not {@code new SplittableRandom(seed + epoch)} or {@code split()}</h2>
 * A SplittableRandom seeded with s produces mix64(s + γ), mix64(s + 2γ), …, so seeding epoch e with
 * {@code seed + e·γ} would make epoch e's stream epoch 0's stream shifted by e draws, and
 * {@code seed + e} gives streams whose inputs differ only in low bits. {@code split()} is
 * sequential: the child of epoch e depends on how many splits happened before, so epoch e could not
 * be reproduced alone (for example after resuming from a checkpoint). Hashing the pair avoids both.
 *
 * <h2>Two formulas, kept apart on purpose</h2>
 * Training (shuffles, dropout masks, splits, checkpoints) uses {@link #derive(long, long)}; the
 * global methods ({@code dev.descent.global}) draw iteration k from {@link #iterationStream(long,
 * long)}, which adds instead of XOR-ing and splits the result. Both are pure functions of the pair,
 * and each one is pinned by stored results: a checkpoint resumed bit for bit and
 * {@code MiniBatchesTest}'s reference seed for {@code derive}; the README's annealing figures and
 * the measured success rates of the global methods for {@code iterationStream}. Merging them into
 * one formula would change every one of those numbers, so both live here under their own names.
 */
public final class Seeds {

    /** γ, the golden-ratio increment of SplitMix64. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** The seed of stream {@code stream} (an epoch, a batch, a layer) of {@code seed}; see the class comment. */
    public static long derive(long seed, long stream) {
        return mix64(mix64(seed) ^ (stream * GOLDEN_GAMMA));
    }

    /** {@code derive(derive(seed, a), b)}: for example the seed of batch b of epoch a. */
    public static long derive(long seed, long a, long b) {
        return derive(derive(seed, a), b);
    }

    /**
     * The generator of iteration {@code iteration} of a global search with seed {@code seed} (0
     * is the initial point or swarm):
     * {@code new SplittableRandom(mix64(mix64(seed) + (iteration + 1)·γ)).split()}. The hash is the
     * {@code (iteration + 1)}-th output of {@code new SplittableRandom(mix64(seed))}, computed in
     * O(1), so a state that knows its iteration number needs no generator inside it; the split gives
     * every iteration's generator its own increment (gamma) as well as its own seed.
     *
     * @param seed      the run's seed
     * @param iteration the iteration, ≥ 0
     * @return a new generator, owned by the caller
     */
    public static SplittableRandom iterationStream(long seed, long iteration) {
        return new SplittableRandom(mix64(mix64(seed) + (iteration + 1) * GOLDEN_GAMMA)).split();
    }

    /** The SplitMix64 finalizer (Stafford variant 13), a bijection of 64-bit values. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
