package dev.descent.report.figure;

import java.util.ArrayList;
import java.util.List;

/** Figures used by the tests and written as samples: Rosenbrock paths, loss curves. */
final class SampleFigures {

    private SampleFigures() {
    }

    static double rosenbrock(double x, double y) {
        return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
    }

    private static double[] rosenbrockGrad(double x, double y) {
        return new double[] {-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)};
    }

    /** Heavy-ball iterates on Rosenbrock from (x0, y0): {xs, ys, f − f*}. */
    static double[][] heavyBall(double x0, double y0, double lr, double momentum, int steps) {
        double[] xs = new double[steps + 1];
        double[] ys = new double[steps + 1];
        double[] loss = new double[steps + 1];
        double x = x0;
        double y = y0;
        double vx = 0;
        double vy = 0;
        for (int t = 0; t <= steps; t++) {
            xs[t] = x;
            ys[t] = y;
            loss[t] = rosenbrock(x, y);
            double[] g = rosenbrockGrad(x, y);
            vx = momentum * vx - lr * g[0];
            vy = momentum * vy - lr * g[1];
            x += vx;
            y += vy;
        }
        return new double[][] {xs, ys, loss};
    }

    /** Adam iterates on Rosenbrock: {xs, ys, f − f*}. */
    static double[][] adam(double x0, double y0, double lr, int steps) {
        double[] xs = new double[steps + 1];
        double[] ys = new double[steps + 1];
        double[] loss = new double[steps + 1];
        double[] p = {x0, y0};
        double[] m = new double[2];
        double[] v = new double[2];
        for (int t = 0; t <= steps; t++) {
            xs[t] = p[0];
            ys[t] = p[1];
            loss[t] = rosenbrock(p[0], p[1]);
            double[] g = rosenbrockGrad(p[0], p[1]);
            for (int k = 0; k < 2; k++) {
                m[k] = 0.9 * m[k] + 0.1 * g[k];
                v[k] = 0.999 * v[k] + 0.001 * g[k] * g[k];
                double mh = m[k] / (1 - Math.pow(0.9, t + 1));
                double vh = v[k] / (1 - Math.pow(0.999, t + 1));
                p[k] -= lr * mh / (Math.sqrt(vh) + 1e-8);
            }
        }
        return new double[][] {xs, ys, loss};
    }

    static List<double[][]> rosenbrockRuns() {
        List<double[][]> runs = new ArrayList<>();
        runs.add(adam(-1.5, 2.5, 0.1, 3000));
        runs.add(heavyBall(-1.5, 2.5, 1e-4, 0.99, 5000));
        runs.add(heavyBall(-1.5, 2.5, 5e-4, 0.0, 5000));
        return runs;
    }

    static final String[] NAMES = {"adam:learningRate=0.1", "momentum:learningRate=1e-4,momentum=0.99",
        "sgd:learningRate=5e-4"};

    static Figure rosenbrockPaths() {
        ContourField field = Contours.sample(SampleFigures::rosenbrock, -2, 2, -1, 3, 120, 120, 12);
        List<double[][]> runs = rosenbrockRuns();
        List<Series> paths = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            paths.add(Series.of(NAMES[i], runs.get(i)[0], runs.get(i)[1], Series.Style.LINE_POINTS));
        }
        return Figure.contour("paths-rosenbrock", "Rosenbrock: paths of three optimizers", field, paths,
                List.of(new Marker("x* = (1, 1)", 1, 1), new Marker("start", -1.5, 2.5)));
    }

    static Figure lossCurves() {
        List<double[][]> runs = rosenbrockRuns();
        List<Series> curves = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            curves.add(Series.overSteps(NAMES[i], runs.get(i)[2], Series.Style.LINE));
        }
        double[] ref = new double[5001];
        for (int t = 0; t < ref.length; t++) {
            ref[t] = t == 0 ? 0 : 100.0 / t; // O(1/t), 0 at t = 0 (not drawable on a log axis)
        }
        curves.add(Series.overSteps("O(1/t)", ref, Series.Style.DASHED));
        return Figure.lines("loss-rosenbrock", "Rosenbrock: f − f* per step", "step", "f − f*",
                Figure.Scale.LINEAR, Figure.Scale.LOG, curves);
    }
}
