package dev.descent.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.spec.SpecException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    private static final String SPACE = "adam(lr=loguniform(1e-5, 1e-1), beta2=choice(0.99, 0.999))"
            + " @ cosine(t_max=intuniform(100, 1000))";

    private static double number(String spec, String key) {
        Matcher m = Pattern.compile(key + "=([-0-9.eE]+)").matcher(spec);
        assertThat(m.find()).as("%s in %s", key, spec).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aSampleIsAConcreteSpecThatBuilds() {
        SearchSpace s = SearchSpace.parse(SPACE);
        assertThat(s.size()).isEqualTo(3);
        String spec = s.sample(new SplittableRandom(7));
        assertThat(spec).matches("adam\\(lr=[0-9.]+(e-[0-9])?, beta2=0\\.99+\\) @ cosine\\(t_max=[0-9]+\\)");
        assertThat(OptimizerSpec.build(spec).name()).isNotBlank();
        // the same generator state gives the same spec
        assertThat(s.sample(new SplittableRandom(7))).isEqualTo(spec);
    }

    @Test
    void samplesStayInTheirRanges() {
        SearchSpace s = SearchSpace.parse(SPACE);
        SplittableRandom rng = new SplittableRandom(1);
        double minLr = 1;
        double maxLr = 0;
        for (int i = 0; i < 2000; i++) {
            String spec = s.sample(rng);
            double lr = number(spec, "lr");
            double beta2 = number(spec, "beta2");
            double tMax = number(spec, "t_max");
            assertThat(lr).isBetween(1e-5, 1e-1);
            assertThat(beta2).isIn(0.99, 0.999);
            assertThat(tMax).isBetween(100.0, 1000.0).isEqualTo(Math.rint(tMax));
            assertThat(spec.replaceAll(".*lr=([^,]+),.*", "$1").replace("E", "e").replaceAll("e.*", "")
                    .replace(".", "").replace("-", "").replaceAll("^0+", "").length()).isLessThanOrEqualTo(4);
            minLr = Math.min(minLr, lr);
            maxLr = Math.max(maxLr, lr);
        }
        // the range is covered, not just a corner of it
        assertThat(minLr).isLessThan(2e-5);
        assertThat(maxLr).isGreaterThan(5e-2);
    }

    /** The mean and a 4-bin χ² of log₁₀ x for 4000 draws of {@code dist} on [1e-4, 1]. */
    private static double[] logStatistics(String dist) {
        SearchSpace s = SearchSpace.parse("sgd(lr=" + dist + "(1e-4, 1))");
        SplittableRandom rng = new SplittableRandom(42);
        int n = 4000;
        int[] bins = new int[4];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double l = Math.log10(number(s.sample(rng), "lr"));
            sum += l;
            bins[Math.min(3, (int) Math.floor(l + 4))]++;
        }
        double chi2 = 0;
        for (int b : bins) {
            chi2 += (b - n / 4.0) * (b - n / 4.0) / (n / 4.0);
        }
        return new double[] {sum / n, chi2};
    }

    @Test
    void logUniformHasAUniformLog() {
        double[] st = logStatistics("loguniform");
        // log10 x ~ U[-4, 0]: mean −2, standard error 4/√12/√4000 = 0.018
        assertThat(st[0]).isCloseTo(-2.0, org.assertj.core.data.Offset.offset(0.06));
        // χ² with 3 degrees of freedom: 16.27 is its 0.999 quantile
        assertThat(st[1]).isLessThan(16.27);
        // the same checks tell a plain uniform apart (its log10 mean is about −0.43)
        double[] u = logStatistics("uniform");
        assertThat(u[0]).isGreaterThan(-0.6);
        assertThat(u[1]).isGreaterThan(1000);
    }

    @Test
    void choiceFrequenciesAreEqual() {
        SearchSpace s = SearchSpace.parse("adam(eps=choice(1e-8, 1e-6, 1e-4))");
        Map<String, Integer> counts = new HashMap<>();
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 3000; i++) {
            counts.merge(s.sample(rng), 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys("adam(eps=1e-8)", "adam(eps=1e-6)", "adam(eps=1e-4)");
        // binomial(3000, 1/3): σ = 25.8; 100 is almost 4σ
        for (int c : counts.values()) {
            assertThat(c).isBetween(900, 1100);
        }
    }

    @Test
    void randintExcludesItsUpperEndAndIntuniformIncludesIt() {
        SearchSpace r = SearchSpace.parse("accumulate_test(randint(1, 3))".replace("accumulate_test", "sgd(lr=0.1) | accumulate"));
        SearchSpace u = SearchSpace.parse("sgd(lr=0.1) | accumulate(intuniform(1, 3))");
        List<String> seenR = new ArrayList<>();
        List<String> seenU = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 300; i++) {
            String a = r.sample(rng);
            String b = u.sample(rng);
            if (!seenR.contains(a)) {
                seenR.add(a);
            }
            if (!seenU.contains(b)) {
                seenU.add(b);
            }
        }
        assertThat(seenR).containsExactlyInAnyOrder("sgd(lr=0.1) | accumulate(1)", "sgd(lr=0.1) | accumulate(2)");
        assertThat(seenU).containsExactlyInAnyOrder("sgd(lr=0.1) | accumulate(1)", "sgd(lr=0.1) | accumulate(2)",
                "sgd(lr=0.1) | accumulate(3)");
    }

    @Test
    void aChoiceOfOptimizersSamplesTheDistributionsOfTheChosenOne() {
        SearchSpace s = SearchSpace.parse("choice(adam(lr=loguniform(1e-4, 1e-2)), sgd(lr=0.1, momentum=choice(0, 0.9)))"
                + " | clip_global_norm(1)");
        int adam = 0;
        int sgd = 0;
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 200; i++) {
            String spec = s.sample(rng);
            if (spec.startsWith("adam(lr=")) {
                assertThat(number(spec, "lr")).isBetween(1e-4, 1e-2);
                adam++;
            } else {
                assertThat(spec).isIn("sgd(lr=0.1, momentum=0) | clip_global_norm(1)",
                        "sgd(lr=0.1, momentum=0.9) | clip_global_norm(1)");
                sgd++;
            }
            assertThat(spec).endsWith(" | clip_global_norm(1)");
        }
        assertThat(adam).isBetween(70, 130);
        assertThat(sgd).isEqualTo(200 - adam);
    }

    @Test
    void aSpaceWithoutDistributionsIsOneSpec() {
        SearchSpace s = SearchSpace.parse("sgd(lr=0.1, momentum=0.9) @ cosine(t_max=100)");
        assertThat(s.size()).isZero();
        assertThat(s.sample(new SplittableRandom(1))).isEqualTo("sgd(lr=0.1, momentum=0.9) @ cosine(t_max=100)");
    }

    private static SpecException bad(String space) {
        try {
            SearchSpace.parse(space);
        } catch (SpecException e) {
            return e;
        }
        throw new AssertionError("no error for " + space);
    }

    @Test
    void badSpacesNameTheParameterPositionAndValue() {
        SpecException e = bad("adam(foo=uniform(0, 1))");
        assertThat(e.problem()).startsWith("adam: unknown parameter 'foo'");
        assertThat(e.position()).isEqualTo(5);

        e = bad("adam(lr=loguniform(0, 1))");
        assertThat(e.problem()).isEqualTo("loguniform: low = 0 must be > 0 (the log of the range is sampled)");
        assertThat(e.position()).isEqualTo(19);

        e = bad("adam(lr=loguniform(1, 1e-3))");
        assertThat(e.problem()).isEqualTo("loguniform: high = 1e-3 must be > low = 1");
        assertThat(e.position()).isEqualTo(22);

        e = bad("adam(lr=uniform(0.1, 0.1))");
        assertThat(e.problem()).isEqualTo("uniform: high = 0.1 must be > low = 0.1");

        e = bad("adam(beta2=choice())");
        assertThat(e.problem()).isEqualTo("choice() is empty: give at least one value");
        assertThat(e.position()).isEqualTo(11);

        e = bad("adam(lr=logunifrom(1e-3, 1))");
        assertThat(e.problem()).isEqualTo("unknown distribution 'logunifrom'; known: loguniform, uniform, intuniform,"
                + " randint, choice");
        assertThat(e.position()).isEqualTo(8);

        e = bad("adam(lr=intuniform(1, 2.5))");
        assertThat(e.problem()).isEqualTo("intuniform: high = 2.5 is not a whole number (at most 2^53 in magnitude)");

        e = bad("adam(lr=loguniform(1e-3))");
        assertThat(e.problem()).isEqualTo("loguniform takes 2 arguments (low, high), got 1");

        e = bad("adam(lr=loguniform(low=1e-3, high=1))");
        assertThat(e.problem()).isEqualTo("loguniform takes positional arguments, not 'low='");
    }

    @Test
    void aValueTheOptimizerRefusesIsFoundAtTheEndOfItsRange() {
        // beta2 = 1.5 is only one option of three: every option is tried before anything runs
        SpecException e = bad("adam(beta2=choice(0.99, 0.999, 1.5))");
        assertThat(e.problem()).contains("beta2").contains("1.5").contains("in the sampled spec 'adam(beta2=1.5)'");
        assertThat(e.position()).isEqualTo(5); // at beta2=, the parameter the optimizer refused
        // the top of a range
        e = bad("adam(lr=0.01, beta1=uniform(0.5, 1))");
        assertThat(e.problem()).contains("beta1").contains("1.0");
        // a schedule argument
        e = bad("adam @ cosine(t_max=uniform(10, 20))");
        assertThat(e.problem()).contains("t_max").contains("not a whole number");
        // an error of the grammar itself
        e = bad("adam(lr=loguniform(1e-3, 1)");
        assertThat(e.problem()).isEqualTo("expected ',' or ')' but found the end");
    }
}
