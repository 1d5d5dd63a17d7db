package dev.descent.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.minimize.Result;
import dev.descent.ode.fit.OdeFitResult;
import dev.descent.train.TrainResult;
import org.junit.jupiter.api.Test;

/** Runs each example as a user would and checks its numbers (each run() also checks its own). */
class ExamplesTest {

    @Test
    void adamMinimizesRosenbrock() {
        Result r = MinimizeRosenbrock.run();
        assertEquals(1.0, r.point()[0], 1e-6);
        assertEquals(1.0, r.point()[1], 1e-6);
        assertTrue(r.iterations() < 100_000, "stopped on the gradient norm, not the budget: " + r.iterations());
    }

    @Test
    void mlpLearnsTwoGaussianClasses() {
        TrainResult r = TrainClassifier.run();
        assertTrue(r.test().accuracy() >= TrainClassifier.MIN_TEST_ACCURACY, "accuracy " + r.test().accuracy());
        assertTrue(r.test().accuracy() <= 0.97, "above the Bayes rate 0.933 by far: " + r.test().accuracy());
        assertEquals(400, r.test().count());
    }

    @Test
    void sirFitMatchesThe1978Estimates() {
        OdeFitResult fit = FitSir.run();
        assertEquals(1.669, fit.parameter("beta"), 0.01);
        assertEquals(0.4435, fit.parameter("gamma"), 0.01);
        assertEquals(3.764, fit.r0(), 0.05);
    }
}
