package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.linalg.ParamLayout;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The tape's bookkeeping: the backward loop, leaves, the flat gradient, and refusals. */
class TapeTest {

    /** Runs {@code body} on a thread with a 256 KiB stack, so any recursion over the graph would overflow. */
    static void onSmallStack(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 256 * 1024);
        thread.start();
        thread.join();
        if (failure.get() instanceof AssertionError e) {
            throw e;
        }
        assertThat(failure.get()).as("no exception (StackOverflowError included)").isNull();
    }

    @Test
    void hundredThousandTanhChainBackpropagatesWithoutRecursion() throws InterruptedException {
        onSmallStack(() -> {
            int n = 100_000;
            double x0 = 0.8;
            Tape t = new Tape();
            Var x = t.variable(Tensor.scalar(x0));
            Var y = x;
            for (int i = 0; i < n; i++) {
                y = y.tanh();
            }
            assertThat(t.size()).isEqualTo(n + 1);
            double derivative = t.grad(y, x)[0].item();
            // chain rule by hand: d y_n / d x = Π (1 − y_k²), y_k = tanh(y_{k−1})
            double v = x0;
            double product = 1;
            for (int i = 0; i < n; i++) {
                v = Math.tanh(v);
                product *= 1 - v * v;
            }
            assertThat(y.item()).isEqualTo(v);
            assertThat(product).isBetween(1e-9, 1e-6); // small but far from underflow: a real test
            assertThat(derivative).isCloseTo(product, within(1e-12 * product));
        });
    }

    @Test
    void unrolledEulerStepsGiveTheAnalyticSensitivities() throws InterruptedException {
        // x' = −x by explicit Euler: x_{k+1} = x_k − h·x_k, so x_N = x₀(1 − h)^N,
        // ∂x_N/∂x₀ = (1 − h)^N and ∂x_N/∂h = −N x₀ (1 − h)^(N−1). Two nodes per step: 120 001 nodes.
        onSmallStack(() -> {
            int steps = 60_000;
            double h0 = 2e-5;
            double start = 1.5;
            Tape t = new Tape();
            Var x0 = t.variable(Tensor.scalar(start));
            Var h = t.variable(Tensor.scalar(h0));
            Var x = x0;
            for (int k = 0; k < steps; k++) {
                x = x.sub(h.mul(x));
            }
            assertThat(t.size()).isEqualTo(2 * steps + 2);
            Tensor[] g = t.grad(x, x0, h);
            double decay = Math.pow(1 - h0, steps);
            assertThat(x.item()).isCloseTo(start * decay, within(1e-10));
            assertThat(g[0].item()).isCloseTo(decay, within(1e-10 * decay));
            double dh = -steps * start * Math.pow(1 - h0, steps - 1);
            assertThat(g[1].item()).isCloseTo(dh, within(1e-9 * Math.abs(dh)));
        });
    }

    @Test
    void gradientIntoWritesOnlyTheParameterBlocks() {
        ParamLayout layout = ParamLayout.builder().add("a", 2).add("skip", 3).add("w", 2, 2).add("c").build();
        double[] theta = {1, 2, 100, 100, 100, 0.5, -1, 2, 3, 7};
        double[] before = theta.clone();
        double[] grad = new double[layout.size()];
        Arrays.fill(grad, Double.NaN);
        Tape t = new Tape();
        Var a = t.param(theta, layout.block("a"));
        Var w = t.param(theta, layout.block("w"));
        Var c = t.param(theta, layout.block("c")); // registered, unused: its slice becomes 0
        Var loss = a.matmul(w).sum().add(a.square().sum()); // Σⱼ (a·W)ⱼ + Σ a²
        double value = t.gradientInto(loss, grad);
        // a·W = [1·0.5 + 2·2, 1·(−1) + 2·3] = [4.5, 5]; Σ a² = 5
        assertThat(value).isEqualTo(14.5);
        assertThat(grad).containsExactly(
                /* a: Σⱼ W[i,j] + 2aᵢ */ -0.5 + 2, 5 + 4,
                /* skip: untouched */ Double.NaN, Double.NaN, Double.NaN,
                /* w: aᵢ */ 1, 1, 2, 2,
                /* c */ 0);
        assertThat(theta).as("θ is read through views, never written").containsExactly(before);
        assertThat(t.requiresGrad(c)).isTrue();
    }

    @Test
    void parameterUsedTwiceOrRegisteredTwiceAccumulates() {
        ParamLayout layout = ParamLayout.builder().add("x", 3).build();
        double[] theta = {1, -2, 0.5};
        double[] grad = new double[3];
        Tape t = new Tape();
        Var x = t.param(theta, layout.block("x"));
        Var again = t.param(theta, layout.block("x"));
        // Σ x² + Σ x + Σ 3x  →  2x + 1 + 3
        t.gradientInto(x.square().sum().add(x.sum()).add(again.mul(3).sum()), grad);
        assertThat(grad).containsExactly(6, 0, 5);
    }

    @Test
    void gradientIntoValidatesBeforeWriting() {
        ParamLayout layout = ParamLayout.builder().add("x", 3).build();
        double[] theta = {1, 2, 3};
        Tape t = new Tape();
        Var x = t.param(theta, layout.block("x"));
        double[] shortGrad = {9, 9};
        assertThatThrownBy(() -> t.gradientInto(x.sum(), shortGrad))
                .hasMessageContaining("block x[3]@0 ends at 3 but the gradient has length 2");
        assertThat(shortGrad).containsExactly(9, 9);
        double[] grad = {9, 9, 9};
        assertThatThrownBy(() -> t.gradientInto(x, grad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gradientInto: the loss must be a scalar (shape []), got shape [3]; "
                        + "reduce it first, e.g. with sum() or mean()");
        assertThat(grad).containsExactly(9, 9, 9);
    }

    @Test
    void gradRequiresAScalarLossOfThisTape() {
        Tape t = new Tape();
        Var m = t.variable(Tensor.zeros(2, 3));
        assertThatThrownBy(() -> t.grad(m)).hasMessageContaining("grad: the loss must be a scalar (shape []), got shape [2, 3]");
        Tape other = new Tape();
        Var foreign = other.variable(Tensor.scalar(1));
        assertThatThrownBy(() -> t.grad(foreign)).hasMessageContaining("belongs to another tape");
        assertThatThrownBy(() -> m.add(foreign)).hasMessageStartingWith("add: input 1").hasMessageContaining(
                "belongs to another tape");
        assertThatThrownBy(() -> t.apply(new Exp(), m, m)).hasMessage("exp: expects 1 input(s), got 2");
    }

    @Test
    void gradReturnsFreshArraysAndNothingAccumulatesAcrossCalls() {
        Tape t = new Tape();
        Var x = t.variable(Tensor.vector(1, 2));
        Var loss = x.square().sum();
        Tensor g1 = t.grad(loss, x)[0];
        Tensor g2 = t.grad(loss, x)[0];
        assertThat(g1.toArray()).containsExactly(2, 4);
        assertThat(g2.toArray()).containsExactly(2, 4);
        assertThat(g1.data()).isNotSameAs(g2.data());
        Gradients all = t.grad(loss);
        assertThat(all.loss()).isEqualTo(5);
        assertThat(all.get(x).toArray()).containsExactly(2, 4);
    }

    @Test
    void constantsNeedNoGradientAndAreSkipped() {
        Tape t = new Tape();
        Var data = t.constant(Tensor.matrix(new double[][] {{1, 2}, {3, 4}}));
        Var w = t.variable(Tensor.vector(1, -1));
        Var y = data.matmul(w);
        assertThat(t.requiresGrad(data)).isFalse();
        assertThat(t.requiresGrad(y)).isTrue();
        assertThat(t.requiresGrad(data.exp())).isFalse();
        assertThat(t.op(y)).isInstanceOf(MatMul.class);
        assertThat(t.op(w)).isNull();
        Gradients g = t.grad(y.sum());
        assertThat(g.get(w).toArray()).containsExactly(4, 6);
        assertThatThrownBy(() -> g.get(data)).hasMessageContaining("is not a variable or parameter leaf");
        assertThatThrownBy(() -> g.get(y)).hasMessageContaining("is not a variable or parameter leaf");
        // a loss made of constants only has a zero gradient everywhere
        Var unrelated = t.variable(Tensor.scalar(3));
        assertThat(t.grad(data.sum(), unrelated)[0].item()).isZero();
    }

    @Test
    void varHandlesDescribeThemselves() {
        Tape t = new Tape();
        Var x = t.variable(Tensor.zeros(2, 3));
        Var y = x.transpose();
        assertThat(y).hasToString("Var#1 (transpose [3, 2])");
        assertThat(x).hasToString("Var#0 (variable [2, 3])");
        assertThat(y).isEqualTo(new Var(t, 1)).isNotEqualTo(new Var(new Tape(), 1));
    }
}
