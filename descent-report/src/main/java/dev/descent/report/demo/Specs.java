package dev.descent.report.demo;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/** The optimizers the demo shows, and their specs as text. */
final class Specs {

    private Specs() {
    }

    /** Goodfellow et al., Algorithms 8.1–8.7, in the book's order (registry names). */
    static final List<String> BOOK = List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop_nesterov",
            "adam");

    /** Adam's notable relatives and the quasi-Newton baseline. */
    static final List<String> RELATIVES = List.of("adamw", "nadam", "lion", "lbfgs");

    /** A learning rate as short text: 0.03, 1e-4, 0.3. */
    static String rate(double lr) {
        if (lr >= 1e-3 && lr < 1e4) {
            return new BigDecimal(Double.toString(lr)).stripTrailingZeros().toPlainString();
        }
        String s = String.format(Locale.ROOT, "%.0e", lr);
        return s.replace("e-0", "e-").replace("e+0", "e");
    }

    /** {@code name(lr=…)}, or the name alone for L-BFGS (its first step is 1, then the line search decides). */
    static String spec(String name, double lr) {
        return name.equals("lbfgs") ? "lbfgs" : name + "(lr=" + rate(lr) + ")";
    }

    /** Whether the demo tunes this optimizer's learning rate. */
    static boolean tuned(String name) {
        return !name.equals("lbfgs");
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 || v == 0 ? "%.6g" : "%.3e", v);
    }
}
