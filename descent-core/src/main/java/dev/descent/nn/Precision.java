package dev.descent.nn;

import java.util.Locale;

/**
 * The arithmetic of a training pass's forward and backward computation.
 *
 * <pre>
 *   F64   activations, adjoints and matrix products in double (dgemm)
 *   F32   activations, adjoints and matrix products in float (sgemm); θ and the optimizer state stay
 *         double ("master weights"): each step rounds θ to float for the pass and adds the float
 *         gradients of the shards in double
 * </pre>
 *
 * <p>Why master weights: the optimizer step is a small share of an epoch (a memory pass over θ and
 * its state), so float state would save little time, while a double θ keeps updates of lr·m/√v ≈
 * 1e-3 relative (and far smaller late in training) from being rounded away, and keeps the
 * optimizers, their conformance with torch and the checkpoints exactly as they are. This is what
 * mixed-precision training does with its float32 master copy of float16 weights.
 */
public enum Precision {
    F64,
    F32;

    /** {@code "f64"} or {@code "f32"}: the name on the command line, in JSON and in checkpoints. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The precision named {@code text} ({@code f64}, {@code f32}, or {@code float64}, {@code float32},
     * {@code double}, {@code float}; any case).
     *
     * @throws IllegalArgumentException naming the text and the choices
     */
    public static Precision parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "f64", "float64", "double" -> F64;
            case "f32", "float32", "float" -> F32;
            default -> throw new IllegalArgumentException("precision = '" + text + "' is not one of f64, f32");
        };
    }
}
