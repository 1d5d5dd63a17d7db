package dev.descent.autodiff;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A handle to a node of a {@link Tape}: its tape and its index. The fluent methods record one
 * primitive each (or a short composite, as noted) and return the handle of the result:
 *
 * <pre>{@code
 * Var hidden = x.matmul(w1).addBias(b1).relu();
 * Var loss = hidden.matmul(w2).addBias(b2).softmaxCrossEntropy(labels);
 * }</pre>
 *
 * A handle is immutable; two handles are equal when they name the same node of the same tape.
 * Mixing handles of different tapes is an {@link IllegalArgumentException}.
 */
public final class Var {

    private final Tape tape;
    private final int index;

    Var(Tape tape, int index) {
        this.tape = tape;
        this.index = index;
    }

    /** The tape this node is on. */
    public Tape tape() {
        return tape;
    }

    /** The node's position in the tape (creation order). */
    public int index() {
        return index;
    }

    /** The node's value. Not a copy: do not modify its array. */
    public Tensor value() {
        return tape.value(this);
    }

    /** The node's shape. */
    public int[] shape() {
        return value().shape();
    }

    /** The single value of a size-1 node, typically the loss. */
    public double item() {
        return value().item();
    }

    // ---- elementwise arithmetic (same shapes, or a scalar operand broadcast) ----

    /** {@code this + other} ({@link Add}). */
    public Var add(Var other) {
        return tape.apply(new Add(), this, other);
    }

    /** {@code this + c}: {@link Add} with a scalar constant. */
    public Var add(double c) {
        return add(tape.constant(c));
    }

    /** {@code this − other} ({@link Sub}). */
    public Var sub(Var other) {
        return tape.apply(new Sub(), this, other);
    }

    /** {@code this − c}: {@link Sub} with a scalar constant. */
    public Var sub(double c) {
        return sub(tape.constant(c));
    }

    /** {@code this ⊙ other} ({@link Mul}). */
    public Var mul(Var other) {
        return tape.apply(new Mul(), this, other);
    }

    /** {@code c · this}: {@link Mul} by a scalar constant. */
    public Var mul(double c) {
        return mul(tape.constant(c));
    }

    /** {@code this ⊘ other} ({@link Div}). */
    public Var div(Var other) {
        return tape.apply(new Div(), this, other);
    }

    /** {@code this / c}: {@link Div} by a scalar constant. */
    public Var div(double c) {
        return div(tape.constant(c));
    }

    /** {@code −this}: composite, {@link Mul} by −1. */
    public Var neg() {
        return mul(-1.0);
    }

    // ---- linear algebra ----

    /** The matrix product {@code this · other} ({@link MatMul}, with the tape's kernel). */
    public Var matmul(Var other) {
        return tape.apply(tape.matMul(), this, other);
    }

    /** The transpose of a matrix ({@link Transpose}). */
    public Var transpose() {
        return tape.apply(new Transpose(), this);
    }

    /** Adds the vector {@code bias} [n] to each row of this [m, n] ({@link AddBias}). */
    public Var addBias(Var bias) {
        return tape.apply(new AddBias(), this, bias);
    }

    // ---- reductions ----

    /** Sum of all elements, a scalar ({@link Sum}). */
    public Var sum() {
        return tape.apply(new Sum(Op.ALL), this);
    }

    /** Sum along {@code axis}, which is removed ({@link Sum}). */
    public Var sum(int axis) {
        return tape.apply(new Sum(axis), this);
    }

    /** Mean of all elements: composite, {@link Sum} times 1/size. */
    public Var mean() {
        return sum().mul(1.0 / value().size());
    }

    /** Mean along {@code axis}: composite, {@link Sum} along the axis times 1/length. */
    public Var mean(int axis) {
        Var s = sum(axis);
        return s.mul(1.0 / value().dim(axis));
    }

    /** Maximum of all elements ({@link Max}). */
    public Var max() {
        return tape.apply(new Max(Op.ALL), this);
    }

    /** Maximum along {@code axis}, which is removed ({@link Max}). */
    public Var max(int axis) {
        return tape.apply(new Max(axis), this);
    }

    /** log Σ exp of all elements ({@link LogSumExp}). */
    public Var logSumExp() {
        return tape.apply(new LogSumExp(Op.ALL), this);
    }

    /** log Σ exp along {@code axis}, which is removed ({@link LogSumExp}). */
    public Var logSumExp(int axis) {
        return tape.apply(new LogSumExp(axis), this);
    }

    // ---- elementwise functions ----

    /** exp ({@link Exp}). */
    public Var exp() {
        return tape.apply(new Exp(), this);
    }

    /** Natural logarithm ({@link Log}). */
    public Var log() {
        return tape.apply(new Log(), this);
    }

    /** tanh ({@link Tanh}). */
    public Var tanh() {
        return tape.apply(new Tanh(), this);
    }

    /** Logistic sigmoid ({@link Sigmoid}). */
    public Var sigmoid() {
        return tape.apply(new Sigmoid(), this);
    }

    /** max(x, 0) ({@link Relu}). */
    public Var relu() {
        return tape.apply(new Relu(), this);
    }

    /** x² ({@link Square}). */
    public Var square() {
        return tape.apply(new Square(), this);
    }

    /** √x ({@link Sqrt}). */
    public Var sqrt() {
        return tape.apply(new Sqrt(), this);
    }

    /** x^p for a constant p ({@link Pow}). */
    public Var pow(double exponent) {
        return tape.apply(new Pow(exponent), this);
    }

    // ---- losses and regularization ----

    /**
     * Mean softmax cross-entropy of these logits [m, C] against {@code labels} (m class indices;
     * copied) ({@link SoftmaxCrossEntropy}): a scalar.
     */
    public Var softmaxCrossEntropy(int[] labels) {
        return tape.apply(new SoftmaxCrossEntropy(labels), this);
    }

    /**
     * Inverted dropout with rate p, its mask drawn from {@code rng} ({@link Dropout}).
     *
     * @param rng modified: advanced by one draw per element
     */
    public Var dropout(double rate, RandomGenerator rng) {
        return tape.apply(Dropout.sample(rate, value().size(), rng), this);
    }

    /**
     * Inverted dropout with rate p, its mask drawn from {@code new SplittableRandom(seed)}: the
     * same seed gives the same mask, so a training loop derives a fresh seed per step (for example
     * from the run's seed and the step number).
     */
    public Var dropout(double rate, long seed) {
        return dropout(rate, new SplittableRandom(seed));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Var v && v.tape == tape && v.index == index;
    }

    @Override
    public int hashCode() {
        return 31 * System.identityHashCode(tape) + index;
    }

    /** For example {@code Var#7 (matmul [64, 10])}. */
    @Override
    public String toString() {
        return "Var#" + index + " (" + tape.describe(index) + ")";
    }
}
