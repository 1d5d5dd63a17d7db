package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Every primitive's vjp against central finite differences of a random projection ⟨r, f(x)⟩ on
 * random small shapes and values (seeded jqwik properties), kept away from kinks: relu at 0, ties
 * of max, log/sqrt/pow near 0, division near 0.
 */
class PrimitiveGradientTest {

    static final double TOL = 1e-6;

    static void assertGradient(long seed, GradCheck.Function f, Tensor... inputs) {
        GradCheck.Report r = GradCheck.check(f, GradCheck.STEP, seed, inputs);
        assertThat(r.checked()).isEqualTo(totalSize(inputs));
        assertThat(r.maxError()).as("%s for inputs %s", r, java.util.Arrays.toString(inputs)).isLessThan(TOL);
    }

    static int totalSize(Tensor... inputs) {
        int n = 0;
        for (Tensor t : inputs) {
            n += t.size();
        }
        return n;
    }

    /** Two operands of an elementwise binary op: same shape, or one of them a scalar. */
    static Tensor[] binaryOperands(Gen g, double lo, double hi, boolean denominatorAwayFromZero) {
        int[] shape = g.shape();
        int[] sa = shape;
        int[] sb = shape;
        double pick = g.uniform(0, 1);
        if (pick < 0.25) {
            sa = new int[0];
        } else if (pick < 0.5) {
            sb = new int[0];
        }
        Tensor a = g.uniform(sa, lo, hi);
        Tensor b = denominatorAwayFromZero ? g.awayFromZero(sb, 0.5, 2) : g.uniform(sb, lo, hi);
        return new Tensor[] {a, b};
    }

    @Property(tries = 60, seed = "101")
    void add(@ForAll long seed) {
        Gen g = new Gen(seed);
        assertGradient(seed, (t, x) -> x[0].add(x[1]), binaryOperands(g, -2, 2, false));
    }

    @Property(tries = 60, seed = "102")
    void sub(@ForAll long seed) {
        Gen g = new Gen(seed);
        assertGradient(seed, (t, x) -> x[0].sub(x[1]), binaryOperands(g, -2, 2, false));
    }

    @Property(tries = 60, seed = "103")
    void mul(@ForAll long seed) {
        Gen g = new Gen(seed);
        assertGradient(seed, (t, x) -> x[0].mul(x[1]), binaryOperands(g, -2, 2, false));
    }

    @Property(tries = 60, seed = "104")
    void div(@ForAll long seed) {
        Gen g = new Gen(seed);
        assertGradient(seed, (t, x) -> x[0].div(x[1]), binaryOperands(g, -2, 2, true));
    }

    @Property(tries = 60, seed = "105")
    void matMul(@ForAll long seed) {
        Gen g = new Gen(seed);
        int m = g.between(1, 5);
        int k = g.between(1, 5);
        int n = g.between(1, 5);
        int[] sa = g.chance(0.25) ? new int[] {k} : new int[] {m, k};
        int[] sb = g.chance(0.25) ? new int[] {k} : new int[] {k, n};
        assertGradient(seed, (t, x) -> x[0].matmul(x[1]), g.uniform(sa, -2, 2), g.uniform(sb, -2, 2));
    }

    @Property(tries = 50, seed = "106")
    void transpose(@ForAll long seed) {
        Gen g = new Gen(seed);
        assertGradient(seed, (t, x) -> x[0].transpose(), g.uniform(g.shape(2), -2, 2));
    }

    @Property(tries = 50, seed = "107")
    void addBias(@ForAll long seed) {
        Gen g = new Gen(seed);
        int m = g.between(1, 5);
        int n = g.between(1, 5);
        assertGradient(seed, (t, x) -> x[0].addBias(x[1]), g.uniform(new int[] {m, n}, -2, 2),
                g.uniform(new int[] {n}, -2, 2));
    }

    @Property(tries = 60, seed = "108")
    void sum(@ForAll long seed) {
        Gen g = new Gen(seed);
        int[] shape = g.shape();
        int axis = g.axis(shape.length);
        assertGradient(seed, (t, x) -> x[0].sum(axis), g.uniform(shape, -2, 2));
    }

    @Property(tries = 60, seed = "109")
    void max(@ForAll long seed) {
        Gen g = new Gen(seed);
        int[] shape = g.shape();
        int axis = g.axis(shape.length);
        assertGradient(seed, (t, x) -> x[0].max(axis), g.distinct(shape));
    }

    @Property(tries = 60, seed = "110")
    void logSumExp(@ForAll long seed) {
        Gen g = new Gen(seed);
        int[] shape = g.shape();
        int axis = g.axis(shape.length);
        assertGradient(seed, (t, x) -> x[0].logSumExp(axis), g.uniform(shape, -3, 3));
    }

    @Property(tries = 50, seed = "111")
    void exp(@ForAll long seed) {
        Gen g = new Gen(seed);
        assertGradient(seed, (t, x) -> x[0].exp(), g.uniform(g.shape(), -2, 2));
    }

    @Property(tries = 50, seed = "112")
    void log(@ForAll long seed) {
        Gen g = new Gen(seed);
        assertGradient(seed, (t, x) -> x[0].log(), g.uniform(g.shape(), 0.3, 3));
    }

    @Property(tries = 50, seed = "113")
    void tanh(@ForAll long seed) {
        Gen g = new Gen(seed);
        assertGradient(seed, (t, x) -> x[0].tanh(), g.uniform(g.shape(), -3, 3));
    }

    @Property(tries = 50, seed = "114")
    void sigmoid(@ForAll long seed) {
        Gen g = new Gen(seed);
        assertGradient(seed, (t, x) -> x[0].sigmoid(), g.uniform(g.shape(), -5, 5));
    }

    @Property(tries = 50, seed = "115")
    void relu(@ForAll long seed) {
        Gen g = new Gen(seed);
        assertGradient(seed, (t, x) -> x[0].relu(), g.awayFromZero(g.shape(), 0.05, 2));
    }

    @Property(tries = 50, seed = "116")
    void square(@ForAll long seed) {
        Gen g = new Gen(seed);
        assertGradient(seed, (t, x) -> x[0].square(), g.uniform(g.shape(), -2, 2));
    }

    @Property(tries = 50, seed = "117")
    void sqrt(@ForAll long seed) {
        Gen g = new Gen(seed);
        assertGradient(seed, (t, x) -> x[0].sqrt(), g.uniform(g.shape(), 0.3, 4));
    }

    @Property(tries = 60, seed = "118")
    void pow(@ForAll long seed) {
        Gen g = new Gen(seed);
        double p = g.uniform(-2, 3);
        assertGradient(seed, (t, x) -> x[0].pow(p), g.uniform(g.shape(), 0.5, 2));
    }

    @Property(tries = 60, seed = "119")
    void softmaxCrossEntropy(@ForAll long seed) {
        Gen g = new Gen(seed);
        int m = g.between(1, 5);
        int c = g.between(2, 5);
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = g.between(0, c - 1);
        }
        assertGradient(seed, (t, x) -> x[0].softmaxCrossEntropy(labels), g.uniform(new int[] {m, c}, -3, 3));
    }

    @Property(tries = 50, seed = "120")
    void dropout(@ForAll long seed) {
        Gen g = new Gen(seed);
        double rate = g.uniform(0, 0.9);
        long maskSeed = g.seed();
        // the same seed at every evaluation gives the same mask, so f is a fixed linear map
        assertGradient(seed, (t, x) -> x[0].dropout(rate, maskSeed), g.uniform(g.shape(), -2, 2));
    }

    @Property(tries = 40, seed = "121")
    void compositeOfEveryKind(@ForAll long seed) {
        // a small network: tanh(x·W + b), its mean square plus a softmax cross-entropy head
        Gen g = new Gen(seed);
        int m = g.between(1, 4);
        int k = g.between(1, 4);
        int n = g.between(2, 4);
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = g.between(0, n - 1);
        }
        assertGradient(seed, (t, x) -> {
            Var h = Composite.linear(x[0], x[1], x[2]).tanh();
            return h.softmaxCrossEntropy(labels).add(h.square().mean()).add(Composite.dot(h, h).sqrt());
        }, g.uniform(new int[] {m, k}, -1, 1), g.uniform(new int[] {k, n}, -1, 1), g.uniform(new int[] {n}, -1, 1));
    }
}
