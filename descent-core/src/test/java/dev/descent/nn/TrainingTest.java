package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.data.MiniBatches;
import dev.descent.data.Seeds;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.Adam;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import org.junit.jupiter.api.Test;

/**
 * Models trained end to end with the library's Adam: full batch through {@link Minimizer}, or a
 * small hand-written minibatch loop (the real training loop lives elsewhere).
 */
class TrainingTest {

    /** One minibatch epoch loop with Adam; dropout seeds derived per (epoch, batch). */
    static double[] trainWithMiniBatches(ModelObjective j, Dataset train, Adam adam, int epochs, int batchSize, long seed) {
        double[] theta = j.model().init(seed);
        double[] grad = new double[j.dimension()];
        Adam.State state = adam.init(j.model().layout());
        MiniBatches batches = MiniBatches.of(batchSize);
        for (int epoch = 0; epoch < epochs; epoch++) {
            int k = 0;
            for (Batch b : batches.epoch(train, seed, epoch)) {
                j.valueAndGradient(theta, b, grad, Mode.train(Seeds.derive(seed, epoch, k++)));
                adam.step(theta, grad, state);
            }
        }
        return theta;
    }

    @Test
    void softmaxRegressionSeparatesThreeGaussianBlobs() {
        Dataset train = Synthetic.blobs(300, 1);
        Dataset test = Synthetic.blobs(300, 2);
        ModelObjective j = ModelObjective.of(SoftmaxRegression.of(2, 3), Loss.SOFTMAX_CROSS_ENTROPY);
        double[] start = j.model().init(0);
        assertThat(j.evaluate(start, train).loss()).isCloseTo(Math.log(3), within(1e-14));
        Result r = new Minimizer<>(Adam.of(0.1), new MaxIterations(300)).minimize(j.fullBatch(train), start);
        Evaluation onTrain = j.evaluate(r.point(), train);
        Evaluation onTest = j.evaluate(r.point(), test);
        assertThat(onTrain.accuracy()).as("train: %s", onTrain).isGreaterThanOrEqualTo(0.95);
        assertThat(onTest.accuracy()).as("test: %s", onTest).isGreaterThanOrEqualTo(0.95);
        assertThat(onTrain.loss()).isCloseTo(r.value(), within(1e-12));
    }

    @Test
    void anMlp2x16x2SolvesTwoMoons() {
        Dataset train = Synthetic.moons(400, 0.15, 3);
        Dataset test = Synthetic.moons(400, 0.15, 4);
        ModelObjective j = ModelObjective.of(Mlp.of(Activation.TANH, 2, 16, 2), Loss.SOFTMAX_CROSS_ENTROPY);
        double[] theta = trainWithMiniBatches(j, train, Adam.of(0.02), 150, 32, 5);
        Evaluation onTrain = j.evaluate(theta, train);
        Evaluation onTest = j.evaluate(theta, test);
        assertThat(onTrain.accuracy()).as("train: %s", onTrain).isGreaterThanOrEqualTo(0.97);
        assertThat(onTest.accuracy()).as("test: %s", onTest).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void anMlp2x16x2SolvesXorWithReluAndDropout() {
        Dataset train = Synthetic.xor(400, 6);
        Dataset test = Synthetic.xor(400, 7);
        ModelObjective j = ModelObjective.of(Mlp.of(Activation.RELU, 2, 16, 2).withDropout(0.1),
                Loss.SOFTMAX_CROSS_ENTROPY);
        double[] theta = trainWithMiniBatches(j, train, Adam.of(0.02), 100, 32, 8);
        Evaluation onTest = j.evaluate(theta, test);
        assertThat(onTest.accuracy()).as("test: %s", onTest).isGreaterThanOrEqualTo(0.97);
        // the same seeds give the same run, bit for bit, dropout included
        assertThat(trainWithMiniBatches(j, train, Adam.of(0.02), 3, 32, 8))
                .isEqualTo(trainWithMiniBatches(j, train, Adam.of(0.02), 3, 32, 8));
    }

    @Test
    void logisticRegressionLearnsALinearBoundary() {
        Dataset blobs = Synthetic.blobs(300, 9);
        // classes 0 vs {1, 2}: linearly separable with a margin
        int[] y = blobs.labels();
        for (int i = 0; i < y.length; i++) {
            y[i] = y[i] == 0 ? 1 : 0;
        }
        Dataset data = Dataset.classification(blobs.featureArray(), 2, y, 2);
        ModelObjective j = ModelObjective.of(LogisticRegression.of(2), Loss.LOGISTIC);
        Result r = new Minimizer<>(Adam.of(0.1), new MaxIterations(300)).minimize(j.fullBatch(data), new double[3]);
        assertThat(j.evaluate(r.point(), data).accuracy()).isGreaterThanOrEqualTo(0.99);
    }

    /**
     * Least squares with Adam reaches the normal-equation solution β = (AᵀA)⁻¹Aᵀy, A = [X 1], to
     * 1e-6; with L2 on the weights, the ridge solution ((2/n)AᵀA + λD)θ = (2/n)Aᵀy with D = diag(1,
     * …, 1, 0) (no penalty on the bias).
     */
    @Test
    void linearRegressionRecoversTheLeastSquaresAndRidgeCoefficients() {
        double[] beta = {1.5, -2, 0.25};
        Dataset data = Synthetic.linear(200, beta, 0.7, 0.3, 10);
        for (double lambda : new double[] {0, 0.5}) {
            ModelObjective j = ModelObjective.of(LinearRegression.of(3), Loss.MSE).withRegularizer(Regularizer.l2(lambda));
            double[] expected = ridge(data, lambda);
            Result r = new Minimizer<>(Adam.of(0.05), StoppingCriterion.anyOf(new GradientNorm(1e-10),
                    new MaxIterations(20_000))).minimize(j.fullBatch(data), j.model().init(0));
            for (int i = 0; i < 4; i++) {
                assertThat(r.point()[i]).as("λ = %s, coefficient %d (%s)", lambda, i, r.reason() + ", " + r.iterations() + " steps")
                        .isCloseTo(expected[i], within(1e-6));
            }
            if (lambda == 0) {
                for (int i = 0; i < 3; i++) {
                    assertThat(r.point()[i]).as("close to the true β").isCloseTo(beta[i], within(0.05));
                }
            }
        }
    }

    /** Solves ((2/n)AᵀA + λD)θ = (2/n)Aᵀy by Gaussian elimination with partial pivoting. */
    static double[] ridge(Dataset data, double lambda) {
        int n = data.size();
        int d = data.featureCount();
        int p = d + 1;
        double[][] m = new double[p][p + 1];
        for (int i = 0; i < n; i++) {
            double[] a = new double[p];
            for (int j = 0; j < d; j++) {
                a[j] = data.feature(i, j);
            }
            a[d] = 1;
            double y = data.target(i, 0);
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    m[r][c] += 2.0 / n * a[r] * a[c];
                }
                m[r][p] += 2.0 / n * a[r] * y;
            }
        }
        for (int j = 0; j < d; j++) {
            m[j][j] += lambda;
        }
        for (int col = 0; col < p; col++) {
            int pivot = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            for (int r = 0; r < p; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c <= p; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        double[] x = new double[p];
        for (int i = 0; i < p; i++) {
            x[i] = m[i][p] / m[i][i];
        }
        return x;
    }
}
