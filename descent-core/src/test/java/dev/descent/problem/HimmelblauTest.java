package dev.descent.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The four minimizers of Himmelblau's function, re-derived in double precision: Newton's method on
 * ∇f = 0 with the analytic Hessian, started from the 6-digit values found in the literature.
 */
class HimmelblauTest {

    /** 6-digit values as usually quoted (e.g. Wikipedia, "Himmelblau's function"). */
    static final double[][] QUOTED = {{3, 2}, {-2.805118, 3.131312}, {-3.779310, -3.283186}, {3.584428, -1.848127}};

    static double[] newton(double[] start) {
        Himmelblau f = Himmelblau.standard();
        double[] p = start.clone();
        double[] g = new double[2];
        for (int it = 0; it < 50; it++) {
            f.valueAndGradient(p, g);
            double x = p[0];
            double y = p[1];
            double hxx = 12 * x * x + 4 * y - 42;
            double hxy = 4 * (x + y);
            double hyy = 12 * y * y + 4 * x - 26;
            double det = hxx * hyy - hxy * hxy;
            double dx = (hyy * g[0] - hxy * g[1]) / det;
            double dy = (hxx * g[1] - hxy * g[0]) / det;
            p[0] -= dx;
            p[1] -= dy;
            if (Math.abs(dx) + Math.abs(dy) == 0) {
                break;
            }
        }
        return p;
    }

    @Test
    void newtonFromTheQuotedValuesLandsOnTheStoredConstants() {
        double[][] stored = Himmelblau.standard().argmins();
        for (int i = 0; i < 4; i++) {
            double[] p = newton(QUOTED[i]);
            for (int d = 0; d < 2; d++) {
                // within 2 ulps: Newton in double stops at the rounding level of ∇f
                assertThat(p[d]).as("minimum %d coordinate %d", i, d)
                        .isCloseTo(stored[i][d], within(2 * Math.ulp(stored[i][d])));
            }
        }
    }

    @Test
    void theStoredConstantsAreStationaryToRoundingAndGlobal() {
        Himmelblau f = Himmelblau.standard();
        double[] g = new double[2];
        for (double[] m : f.argmins()) {
            assertThat(f.valueAndGradient(m, g)).isLessThan(1e-28);
            assertThat(Math.hypot(g[0], g[1])).isLessThan(1e-13);
            // a positive definite Hessian: a minimum, not a saddle
            double hxx = 12 * m[0] * m[0] + 4 * m[1] - 42;
            double hxy = 4 * (m[0] + m[1]);
            double hyy = 12 * m[1] * m[1] + 4 * m[0] - 26;
            assertThat(hxx).isPositive();
            assertThat(hxx * hyy - hxy * hxy).isPositive();
        }
        assertThat(f.argmin()).containsExactly(3, 2);
    }
}
