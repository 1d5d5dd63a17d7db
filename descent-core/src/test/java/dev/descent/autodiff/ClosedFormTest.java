package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Values and derivatives of the primitives against closed forms worked out by hand. */
class ClosedFormTest {

    static void assertValues(Tensor actual, double tol, double... expected) {
        assertThat(actual.size()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual.get(i)).as("element %d of %s", i, actual).isCloseTo(expected[i], within(tol));
        }
    }

    @Test
    void gradientOfSumOfExpIsExp() {
        Tape t = new Tape();
        Var x = t.variable(Tensor.vector(-1, 0, 0.5, 2));
        Tensor g = t.grad(x.exp().sum(), x)[0];
        assertValues(g, 1e-15, Math.exp(-1), 1, Math.exp(0.5), Math.exp(2));
    }

    @Test
    void matmulValuesAndShapesByHand() {
        Tape t = new Tape();
        Var a = t.variable(Tensor.matrix(new double[][] {{1, 2}, {3, 4}}));
        Var b = t.variable(Tensor.matrix(new double[][] {{5, 6}, {7, 8}}));
        Var c = a.matmul(b);
        assertThat(c.shape()).containsExactly(2, 2);
        assertValues(c.value(), 0, 19, 22, 43, 50);
        // ∂ Σ(AB) / ∂A[i,p] = Σⱼ B[p,j]  and  ∂ Σ(AB) / ∂B[p,j] = Σᵢ A[i,p]
        Tensor[] g = t.grad(c.sum(), a, b);
        assertValues(g[0], 0, 11, 15, 11, 15);
        assertValues(g[1], 0, 4, 4, 6, 6);

        Var m23 = t.constant(Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        Var v3 = t.constant(Tensor.vector(1, 0, -1));
        Var v2 = t.constant(Tensor.vector(1, 1));
        assertThat(m23.matmul(v3).shape()).containsExactly(2);
        assertValues(m23.matmul(v3).value(), 0, -2, -2);
        assertThat(v2.matmul(m23).shape()).containsExactly(3);
        assertValues(v2.matmul(m23).value(), 0, 5, 7, 9);
        assertThat(v3.matmul(v3).shape()).isEmpty();
        assertThat(v3.matmul(v3).item()).isEqualTo(2);
        assertThat(m23.transpose().matmul(m23).shape()).containsExactly(3, 3);
        assertValues(m23.transpose().value(), 0, 1, 4, 2, 5, 3, 6);
    }

    @Test
    void matmulShapeErrorNamesTheOpAndBothShapes() {
        Tape t = new Tape();
        Var a = t.constant(Tensor.zeros(3, 4));
        Var b = t.constant(Tensor.zeros(5, 2));
        int before = t.size();
        assertThatThrownBy(() -> a.matmul(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmul: [3, 4] × [5, 2]: inner dimensions 4 and 5 differ");
        assertThat(t.size()).as("a refused op records nothing").isEqualTo(before);
        assertThatThrownBy(() -> a.matmul(t.constant(2.0))).hasMessageContaining("matmul: [3, 4] × []");
        assertThatThrownBy(() -> a.add(b)).hasMessageStartingWith("add: [3, 4] and [5, 2]: shapes differ");
        assertThatThrownBy(() -> a.mul(t.constant(Tensor.zeros(4)))).hasMessageStartingWith("mul: [3, 4] and [4]");
        assertThatThrownBy(() -> a.addBias(t.constant(Tensor.zeros(3)))).hasMessageStartingWith("addBias: [3, 4] + [3]");
        assertThatThrownBy(() -> t.constant(Tensor.zeros(3)).transpose()).hasMessage(
                "transpose: [3]: needs a rank-2 tensor");
        assertThatThrownBy(() -> a.sum(2)).hasMessageStartingWith("sum: axis 2 is out of range for shape [3, 4]");
        assertThatThrownBy(() -> a.softmaxCrossEntropy(new int[] {0, 1})).hasMessage(
                "softmaxCrossEntropy: logits [3, 4] have 3 rows but there are 2 labels");
        assertThatThrownBy(() -> a.softmaxCrossEntropy(new int[] {0, 4, 1})).hasMessage(
                "softmaxCrossEntropy: label[1] = 4 is outside [0, 4) for logits [3, 4]");
        assertThatThrownBy(() -> a.dropout(1.0, 1)).hasMessage("dropout: rate = 1.0 is outside [0, 1)");
        assertThatThrownBy(() -> a.pow(Double.NaN)).hasMessage("pow: exponent = NaN is not finite");
    }

    @Test
    void broadcastScalarOperandReceivesTheSumOfItsGradient() {
        Tape t = new Tape();
        Var x = t.variable(Tensor.vector(1, 2, 4));
        Var c = t.variable(Tensor.scalar(2));
        Var y = x.div(c).add(c).sum(); // Σ xᵢ/c + 3c
        Tensor[] g = t.grad(y, x, c);
        assertValues(g[0], 0, 0.5, 0.5, 0.5);
        assertThat(g[1].item()).isCloseTo(-7.0 / 4 + 3, within(1e-15)); // −Σ xᵢ / c² + 3
        assertThat(y.item()).isEqualTo(3.5 + 6);
    }

    @Test
    void aVariableUsedTwiceAccumulates() {
        Tape t = new Tape();
        Var x = t.variable(Tensor.vector(-1.5, 3));
        Tensor g = t.grad(x.mul(x).add(x).sum(), x)[0]; // d/dx (x² + x) = 2x + 1
        assertValues(g, 0, -2, 7);
    }

    @Test
    void logSumExpClosedForms() {
        Tape t = new Tape();
        Var x = t.variable(Tensor.vector(0, Math.log(2)));
        Var y = x.logSumExp();
        assertThat(y.item()).isCloseTo(Math.log(3), within(1e-15));
        assertValues(t.grad(y, x)[0], 1e-15, 1.0 / 3, 2.0 / 3); // the softmax
        // no overflow for large values, and the exact shift
        assertThat(t.constant(Tensor.vector(1000, 1000)).logSumExp().item()).isCloseTo(1000 + Math.log(2), within(1e-12));
        assertThat(t.constant(Tensor.vector(-1000, -1000)).logSumExp().item()).isCloseTo(-1000 + Math.log(2), within(1e-12));
        // along an axis
        Var m = t.constant(Tensor.matrix(new double[][] {{0, Math.log(2)}, {Math.log(3), Math.log(5)}}));
        assertValues(m.logSumExp(1).value(), 1e-15, Math.log(3), Math.log(8));
        assertValues(m.logSumExp(0).value(), 1e-15, Math.log(4), Math.log(7));
    }

    @Test
    void softmaxCrossEntropyClosedForms() {
        Tape t = new Tape();
        // one row [0, log 2], label 1: p = 2/3, loss = log(3/2)
        Var x = t.variable(Tensor.matrix(new double[][] {{0, Math.log(2)}}));
        Var loss = x.softmaxCrossEntropy(new int[] {1});
        assertThat(loss.shape()).isEmpty();
        assertThat(loss.item()).isCloseTo(Math.log(1.5), within(1e-15));
        assertValues(t.grad(loss, x)[0], 1e-15, 1.0 / 3, 2.0 / 3 - 1);

        // equal logits: loss = log C whatever the labels
        Var u = t.variable(Tensor.zeros(4, 5));
        Var lu = u.softmaxCrossEntropy(new int[] {0, 1, 2, 4});
        assertThat(lu.item()).isCloseTo(Math.log(5), within(1e-15));

        // huge logits do not overflow
        Var big = t.constant(Tensor.matrix(new double[][] {{1000, 0}, {1000, 0}}));
        assertThat(big.softmaxCrossEntropy(new int[] {0, 0}).item()).isCloseTo(0, within(1e-300));
        assertThat(big.softmaxCrossEntropy(new int[] {1, 1}).item()).isCloseTo(1000, within(1e-9));
    }

    @Test
    void softmaxCrossEntropyGradientRowsSumToZeroAndEqualSoftmaxMinusOneHotOverM() {
        SplittableRandom rng = new SplittableRandom(7);
        int m = 6;
        int c = 4;
        double[][] rows = new double[m][c];
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = rng.nextInt(c);
            for (int j = 0; j < c; j++) {
                rows[i][j] = rng.nextDouble(-5, 5);
            }
        }
        Tape t = new Tape();
        Var x = t.variable(Tensor.matrix(rows));
        Tensor g = t.grad(x.softmaxCrossEntropy(labels), x)[0];
        for (int i = 0; i < m; i++) {
            double z = 0;
            for (int j = 0; j < c; j++) {
                z += Math.exp(rows[i][j]);
            }
            double rowSum = 0;
            for (int j = 0; j < c; j++) {
                double expected = (Math.exp(rows[i][j]) / z - (j == labels[i] ? 1 : 0)) / m;
                assertThat(g.get(i, j)).isCloseTo(expected, within(1e-15));
                rowSum += g.get(i, j);
            }
            assertThat(rowSum).as("row %d", i).isCloseTo(0, within(1e-16));
        }
    }

    @Test
    void elementwiseDerivativesAtKnownPoints() {
        Tape t = new Tape();
        Var x = t.variable(Tensor.vector(0.0, 1.0, 4.0));
        assertValues(t.grad(x.tanh().sum(), x)[0], 1e-15, 1, 1 - Math.pow(Math.tanh(1), 2),
                1 - Math.pow(Math.tanh(4), 2));
        assertValues(x.sigmoid().value(), 1e-15, 0.5, 1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(-4)));
        assertThat(t.grad(x.sigmoid().sum(), x)[0].get(0)).isEqualTo(0.25);
        assertThat(t.grad(x.sqrt().sum(), x)[0].get(2)).isEqualTo(0.25); // d√x/dx at 4
        assertValues(t.grad(x.pow(3).sum(), x)[0], 1e-14, 0, 3, 48);
        assertValues(t.grad(x.square().sum(), x)[0], 0, 0, 2, 8);
        assertValues(t.grad(x.log().sum(), t.variable(Tensor.scalar(1)))[0], 0, 0); // unrelated leaf: zero
        Var p = t.variable(Tensor.vector(0.5, 2));
        assertValues(t.grad(p.log().sum(), p)[0], 0, 2, 0.5);
        // sigmoid stays finite and exact in the tails
        Var tails = t.constant(Tensor.vector(-800, 800));
        assertValues(tails.sigmoid().value(), 0, 0, 1);
    }

    @Test
    void reluUsesSubgradientZeroAtZero() {
        Tape t = new Tape();
        Var x = t.variable(Tensor.vector(-1, 0, 2));
        assertValues(x.relu().value(), 0, 0, 0, 2);
        assertValues(t.grad(x.relu().sum(), x)[0], 0, 0, 0, 1);
    }

    @Test
    void maxGivesTheGradientToTheFirstMaximalElement() {
        Tape t = new Tape();
        Var x = t.variable(Tensor.matrix(new double[][] {{1, 3, 3}, {5, -1, 2}}));
        assertValues(x.max(1).value(), 0, 3, 5);
        assertValues(x.max(0).value(), 0, 5, 3, 3);
        assertThat(x.max().item()).isEqualTo(5);
        assertValues(t.grad(x.max(1).sum(), x)[0], 0, 0, 1, 0, 1, 0, 0);
        assertValues(t.grad(x.max(0).sum(), x)[0], 0, 0, 1, 1, 1, 0, 0);
    }

    @Test
    void sumAndMeanAlongAxes() {
        Tape t = new Tape();
        Var x = t.variable(Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        assertValues(x.sum(0).value(), 0, 5, 7, 9);
        assertValues(x.sum(1).value(), 0, 6, 15);
        assertThat(x.sum().item()).isEqualTo(21);
        assertThat(x.mean().item()).isEqualTo(3.5);
        assertValues(x.mean(0).value(), 0, 2.5, 3.5, 4.5);
        assertValues(x.mean(1).value(), 0, 2, 5);
        assertValues(t.grad(x.mean(), x)[0], 1e-16, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6);
        Var w = t.constant(Tensor.vector(1, 10));
        // weights per row through sum(1): ∂/∂x[i,j] Σᵢ wᵢ Σⱼ x[i,j] = wᵢ
        assertValues(t.grad(x.sum(1).mul(w).sum(), x)[0], 0, 1, 1, 1, 10, 10, 10);
        assertThat(t.constant(Tensor.vector(1, 2)).sum(0).shape()).isEmpty();
    }

    @Test
    void addBiasGradientIsTheColumnSum() {
        Tape t = new Tape();
        Var x = t.variable(Tensor.matrix(new double[][] {{1, 2}, {3, 4}, {5, 6}}));
        Var b = t.variable(Tensor.vector(10, 20));
        Var y = x.addBias(b);
        assertValues(y.value(), 0, 11, 22, 13, 24, 15, 26);
        Var w = t.constant(Tensor.matrix(new double[][] {{1, 2}, {3, 4}, {5, 6}}));
        Tensor[] g = t.grad(y.mul(w).sum(), x, b);
        assertValues(g[0], 0, 1, 2, 3, 4, 5, 6);
        assertValues(g[1], 0, 9, 12);
    }

    @Test
    void dropoutIsInvertedAndReproducibleFromItsSeed() {
        Tape t = new Tape();
        int n = 20_000;
        Var x = t.variable(Tensor.of(new int[] {n}, ones(n)));
        double p = 0.3;
        Var y = x.dropout(p, 42L);
        int kept = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = y.value().get(i);
            assertThat(v).isIn(0.0, 1 / (1 - p));
            kept += v == 0 ? 0 : 1;
            sum += v;
        }
        assertThat(kept / (double) n).isCloseTo(1 - p, within(0.015));
        assertThat(sum / n).as("inverted dropout keeps the mean").isCloseTo(1, within(0.03));
        // the same seed gives the same mask; backward uses the recorded mask
        assertThat(x.dropout(p, 42L).value().toArray()).containsExactly(y.value().toArray());
        assertThat(t.grad(y.sum(), x)[0].toArray()).containsExactly(y.value().toArray());
        assertThat(x.dropout(0, 42L).value().toArray()).containsExactly(ones(n));
        Dropout d = Dropout.sample(0.5, 4, new SplittableRandom(1));
        assertThat(d.mask()).hasSize(4);
        for (double v : d.mask()) {
            assertThat(v).isIn(0.0, 2.0);
        }
    }

    @Test
    void divisionAndSubtractionGradients() {
        Tape t = new Tape();
        Var a = t.variable(Tensor.vector(3, -2));
        Var b = t.variable(Tensor.vector(2, 4));
        Tensor[] g = t.grad(a.div(b).sum(), a, b);
        assertValues(g[0], 0, 0.5, 0.25);
        assertValues(g[1], 0, -3.0 / 4, 2.0 / 16);
        Tensor[] h = t.grad(a.sub(b).sum(), a, b);
        assertValues(h[0], 0, 1, 1);
        assertValues(h[1], 0, -1, -1);
    }

    static double[] ones(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1);
        return v;
    }
}
