package dev.descent.autodiff;

import dev.descent.linalg.MatMulKernel;
import dev.descent.linalg.Block;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Wengert list: every value computed by the primitives, recorded in creation order, so that
 * reverse-mode differentiation is one backward loop.
 *
 * <pre>{@code
 * Tape tape = new Tape();
 * Var x = tape.constant(batch);                    // data: no gradient
 * Var w = tape.param(theta, layout.block("W"));    // a zero-copy view of θ
 * Var b = tape.param(theta, layout.block("b"));
 * Var loss = x.matmul(w).addBias(b).softmaxCrossEntropy(labels);
 * double j = tape.gradientInto(loss, grad);        // ∇J into grad, same layout as θ
 * }</pre>
 *
 * <h2>Why no sort</h2>
 * A node can only use nodes that already exist, so the creation order is a topological order and
 * its reverse is a valid order for the backward pass: {@link #grad} walks the list from the loss
 * down to node 0 with a plain {@code for} loop. There is no recursion (a chain of a million nodes,
 * say an unrolled ODE integrator, needs no stack) and no sort, and the order is deterministic.
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li>Leaves are {@link #constant}s (no gradient), {@link #variable}s and {@link #param}s
 *       (gradients returned by {@link #grad}; params also written by {@link #gradientInto}).</li>
 *   <li>The tape never writes to a leaf's array. Values of leaves are read when an op is
 *       applied, so changing θ after building the graph makes the recorded values stale: build a
 *       new tape per evaluation (tapes are cheap).</li>
 *   <li>The loss must be a scalar (shape []); {@link #grad} and {@link #gradientInto} may be
 *       called any number of times, each call returning or writing fresh results — there are no
 *       {@code .grad} fields to zero.</li>
 *   <li>A node that depends on no variable or parameter needs no gradient, and the backward pass
 *       skips it (for example the gradient of a data matrix in {@code x.matmul(w)}).</li>
 *   <li>A tape is not thread-safe; use one per thread.</li>
 * </ul>
 */
public final class Tape {

    /** One entry of the list: an op and its input nodes, or a leaf ({@code op == null}). */
    private record Node(Op op, int[] inputs, Tensor value, boolean needsGrad, Block block) {
    }

    private static final int[] NO_INPUTS = new int[0];

    private final MatMulKernel kernel;
    private final MatMul matMul;
    private final ArrayList<Node> nodes = new ArrayList<>();

    /** A tape whose matrix products use {@link MatMulKernel#standard()}. */
    public Tape() {
        this(MatMulKernel.standard());
    }

    /** A tape whose matrix products use {@code kernel}. */
    public Tape(MatMulKernel kernel) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.matMul = new MatMul(kernel);
    }

    /** The matrix-product kernel of this tape. */
    public MatMulKernel kernel() {
        return kernel;
    }

    /** Number of nodes recorded so far. */
    public int size() {
        return nodes.size();
    }

    /** A leaf that needs no gradient (data, labels, fixed coefficients). {@code value} is not modified. */
    public Var constant(Tensor value) {
        return leaf(value, false, null);
    }

    /** A scalar constant. */
    public Var constant(double value) {
        return leaf(Tensor.scalar(value), false, null);
    }

    /** A leaf whose gradient {@link #grad} returns. {@code value} is not modified. */
    public Var variable(Tensor value) {
        return leaf(value, true, null);
    }

    /**
     * A parameter leaf: a zero-copy view of {@code theta}'s block ({@link Tensor#view(double[], Block)}),
     * whose gradient {@link #gradientInto} writes at the block's offset of the flat gradient.
     * {@code theta} is not modified.
     */
    public Var param(double[] theta, Block block) {
        return leaf(Tensor.view(theta, block), true, block);
    }

    /**
     * Records {@code op} applied to {@code inputs} and returns its result. The fluent methods of
     * {@link Var} call this; it is public so that every primitive can be applied uniformly.
     *
     * @throws IllegalArgumentException if the inputs do not fit the op (count, shapes, tape); the
     *                                  tape is then unchanged
     */
    public Var apply(Op op, Var... inputs) {
        Objects.requireNonNull(op, "op");
        if (inputs.length != op.arity()) {
            throw new IllegalArgumentException(op.name() + ": expects " + op.arity() + " input(s), got " + inputs.length);
        }
        int[] idx = new int[inputs.length];
        Tensor[] values = new Tensor[inputs.length];
        boolean needsGrad = false;
        for (int i = 0; i < inputs.length; i++) {
            Var v = inputs[i];
            if (v == null) {
                throw new IllegalArgumentException(op.name() + ": input " + i + " is null");
            }
            if (v.tape() != this) {
                throw new IllegalArgumentException(op.name() + ": input " + i + " (" + v + ") belongs to another tape");
            }
            Node n = nodes.get(v.index());
            idx[i] = v.index();
            values[i] = n.value;
            needsGrad |= n.needsGrad;
        }
        Tensor out = op.forward(values);
        nodes.add(new Node(op, idx, out, needsGrad, null));
        return new Var(this, nodes.size() - 1);
    }

    /** The op that made {@code v}, or null for a leaf. */
    public Op op(Var v) {
        return node(v, "op").op;
    }

    /** Whether the backward pass would give {@code v} a gradient (it depends on a variable or a parameter). */
    public boolean requiresGrad(Var v) {
        return node(v, "requiresGrad").needsGrad;
    }

    Tensor value(Var v) {
        return node(v, "value").value;
    }

    MatMul matMul() {
        return matMul;
    }

    /**
     * Reverse-mode differentiation of a scalar {@code loss}: the gradients of every variable and
     * parameter leaf, in fresh arrays.
     *
     * @throws IllegalArgumentException if {@code loss} is not a scalar of this tape
     */
    public Gradients grad(Var loss) {
        double[][] adjoints = backward(loss, "grad");
        return new Gradients(this, adjoints, nodes.get(loss.index()).value.item());
    }

    /** The gradients of {@code loss} with respect to each of {@code wrt}, in order (fresh tensors). */
    public Tensor[] grad(Var loss, Var... wrt) {
        Gradients g = grad(loss);
        Tensor[] out = new Tensor[wrt.length];
        for (int i = 0; i < wrt.length; i++) {
            out[i] = g.get(wrt[i]);
        }
        return out;
    }

    /**
     * Writes ∂loss/∂θ into {@code flatGrad}: for every {@link #param} leaf, its gradient into the
     * slice {@code [block.offset(), block.end())}. Every registered slice is overwritten (zeros
     * where the loss does not depend on it); entries outside the registered blocks are not touched.
     * Two param leaves over the same block add up, as do two uses of one leaf.
     *
     * @param flatGrad modified: the registered blocks' slices
     * @return the loss value
     * @throws IllegalArgumentException before anything is written, if {@code loss} is not a scalar
     *                                  of this tape or a block does not fit in {@code flatGrad}
     */
    public double gradientInto(Var loss, double[] flatGrad) {
        for (Node n : nodes) {
            if (n.block != null && n.block.end() > flatGrad.length) {
                throw new IllegalArgumentException("gradientInto: block " + n.block + " ends at " + n.block.end()
                        + " but the gradient has length " + flatGrad.length);
            }
        }
        double[][] adjoints = backward(loss, "gradientInto");
        for (Node n : nodes) {
            if (n.block != null) {
                Arrays.fill(flatGrad, n.block.offset(), n.block.end(), 0.0);
            }
        }
        for (int i = 0; i < adjoints.length; i++) {
            Node n = nodes.get(i);
            double[] g = adjoints[i];
            if (n.block != null && g != null) {
                int o = n.block.offset();
                for (int j = 0; j < g.length; j++) {
                    flatGrad[o + j] += g[j];
                }
            }
        }
        return nodes.get(loss.index()).value.item();
    }

    /**
     * The backward pass: ∂loss/∂node for every leaf that needs a gradient and is reached (null
     * where not reached), indexed by node. Adjoints of interior nodes are dropped as soon as they
     * have been propagated, so memory holds only the live frontier.
     */
    private double[][] backward(Var loss, String caller) {
        Node top = node(loss, caller);
        if (top.value.rank() != 0) {
            throw new IllegalArgumentException(caller + ": the loss must be a scalar (shape []), got shape "
                    + top.value.shapeString() + "; reduce it first, e.g. with sum() or mean()");
        }
        int last = loss.index();
        double[][] adj = new double[last + 1][];
        if (!top.needsGrad) {
            return adj;
        }
        adj[last] = new double[] {1.0};
        for (int i = last; i >= 0; i--) {
            double[] g = adj[i];
            Node n = nodes.get(i);
            if (g == null || n.op == null) {
                continue;
            }
            int[] in = n.inputs;
            Tensor[] values = new Tensor[in.length];
            double[][] inputGrads = new double[in.length][];
            for (int k = 0; k < in.length; k++) {
                Node input = nodes.get(in[k]);
                values[k] = input.value;
                if (input.needsGrad) {
                    if (adj[in[k]] == null) {
                        adj[in[k]] = new double[input.value.size()];
                    }
                    inputGrads[k] = adj[in[k]];
                }
            }
            n.op.vjp(values, n.value, g, inputGrads);
            adj[i] = null;
        }
        return adj;
    }

    /** Leaf gradient for {@link Gradients}: the node's shape, or an error for a non-leaf. */
    Tensor leafGradient(Var v, double[][] adjoints) {
        Node n = node(v, "gradient");
        if (n.op != null || !n.needsGrad) {
            throw new IllegalArgumentException("gradient: " + v + " is not a variable or parameter leaf; "
                    + "gradients are returned for leaves made by variable(...) or param(...)");
        }
        int[] shape = n.value.shape();
        double[] g = v.index() < adjoints.length ? adjoints[v.index()] : null;
        return g == null ? Tensor.zeros(shape) : Tensor.fresh(g, shape);
    }

    String describe(int index) {
        Node n = nodes.get(index);
        return (n.op == null ? (n.block != null ? "param " + n.block.name() : n.needsGrad ? "variable" : "constant")
                : n.op.name()) + " " + n.value.shapeString();
    }

    private Var leaf(Tensor value, boolean needsGrad, Block block) {
        Objects.requireNonNull(value, "value");
        nodes.add(new Node(null, NO_INPUTS, value, needsGrad, block));
        return new Var(this, nodes.size() - 1);
    }

    private Node node(Var v, String caller) {
        if (v == null) {
            throw new IllegalArgumentException(caller + ": the variable is null");
        }
        if (v.tape() != this) {
            throw new IllegalArgumentException(caller + ": " + v + " belongs to another tape");
        }
        return nodes.get(v.index());
    }
}
