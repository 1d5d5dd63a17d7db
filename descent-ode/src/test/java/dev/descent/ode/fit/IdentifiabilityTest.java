package dev.descent.ode.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.minimize.Minimizer;
import dev.descent.ode.examples.InfluenzaEngland1978;
import dev.descent.ode.models.LotkaVolterra;
import dev.descent.ode.models.Seir;
import dev.descent.ode.models.Sir;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Impossible or uninformative data are refused up front or diagnosed on the result, never reported as fine. */
class IdentifiabilityTest {

    static final double[] T = InfluenzaEngland1978.times();
    static final double[] IN_BED = InfluenzaEngland1978.inBed();

    static Minimizer<?> lbfgs() {
        return new Minimizer<>(Lbfgs.defaults(), StoppingCriterion.anyOf(new GradientNorm(1e-6), new MaxIterations(20000)));
    }

    static OdeFitProblem sir(double population, double[] times, double[] counts, boolean fitInitial) {
        OdeFitProblem.Builder b = OdeFitProblem.builder(new Sir(population), Observations.of(times, "in_bed", counts))
                .observe("in_bed", "I").fit("beta", "gamma");
        if (fitInitial) {
            b.alsoFit("I0");
        }
        return b.build();
    }

    @Test
    void theInfluenzaFitIsIdentifiableAndAgreesWithTheBaseline() {
        OdeFitProblem p = InfluenzaEngland1978.problem();
        OdeFitResult fit = p.fit(lbfgs());
        OdeFitResult lm = LevenbergMarquardt.defaults().fit(p);
        for (OdeFitResult r : List.of(fit, lm)) {
            Identifiability id = r.identifiability();
            assertThat(id.identifiable()).as(id.explanation()).isTrue();
            assertThat(id.problems()).isEmpty();
            assertThat(id.explanation()).isEqualTo("identifiable");
            // κ of JᵀJ in relative parameters ln β, ln γ at (1.669, 0.4435)
            assertThat(id.conditionNumber()).isCloseTo(6.46, within(0.01));
            assertThat(id.conditionText()).isEqualTo("6.46e+00");
            assertThat(id.finiteStandardErrors()).isTrue();
            assertThat(id.degreesOfFreedom()).isEqualTo(12);
        }
        OdeFitResult.Agreement a = fit.agreement(lm);
        assertThat(a.agrees()).isTrue();
        assertThat(a.lossRelative()).isLessThan(1e-12);
        assertThat(a.parametersRelative()).isLessThan(1e-8);
        assertThat(a.lowerLoss()).isEqualTo("neither");
        // I₀ free too: three parameters, still well determined
        OdeFitResult withI0 = InfluenzaEngland1978.problem(true).fit(lbfgs());
        assertThat(withI0.identifiability().identifiable()).isTrue();
        assertThat(withI0.identifiability().conditionNumber()).isBetween(1e3, 1e4);
    }

    @Test
    void anAbsurdPopulationLeavesBetaAndGammaFree() {
        // N = 1e12: S/N ≈ 1 throughout, so only β − γ matters; the two fits stop at different (β, γ)
        OdeFitProblem p = sir(1e12, T, IN_BED, false);
        OdeFitResult fit = p.fit(lbfgs());
        OdeFitResult lm = LevenbergMarquardt.defaults().fit(p);
        for (OdeFitResult r : List.of(fit, lm)) {
            Identifiability id = r.identifiability();
            assertThat(id.identifiable()).isFalse();
            assertThat(id.conditionNumber()).isGreaterThan(Identifiability.MAX_CONDITION);
            assertThat(id.explanation()).contains("JᵀJ is").contains("[beta, gamma]");
        }
        assertThat(fit.identifiability().conditionNumber()).isInfinite();
        assertThat(fit.identifiability().finiteStandardErrors()).isFalse();
        assertThat(fit.standardError("beta")).isNaN();
        assertThat(fit.summary()).contains("(no standard error)").contains("not identifiable: JᵀJ is singular")
                .doesNotContain("± NaN");
        OdeFitResult.Agreement a = fit.agreement(lm);
        assertThat(a.lossRelative()).isLessThan(1e-6);
        assertThat(a.parametersRelative()).isGreaterThan(1);
        assertThat(a.agrees()).isFalse();
    }

    @Test
    void allZeroCountsIdentifyNothing() {
        OdeFitProblem p = sir(763, new double[] {1, 2, 3, 4, 5}, new double[5], false);
        OdeFitResult fit = p.fit(lbfgs());
        assertThat(fit.identifiability().identifiable()).isFalse();
        assertThat(fit.identifiability().finiteStandardErrors()).isFalse();
        assertThat(fit.identifiability().explanation()).contains("singular");
        assertThat(fit.agreement(LevenbergMarquardt.defaults().fit(p)).agrees()).isFalse();
    }

    @Test
    void aCollapsedRateIsIllConditionedEvenWithAFiniteStandardError() {
        // From β = 0.1, γ = 5 L-BFGS stops on the no-outbreak plateau with γ → 0: JᵀJ in ln γ is ~0
        OdeFitProblem p = InfluenzaEngland1978.problem().toBuilder().set("beta", 0.1).set("gamma", 5).build();
        OdeFitResult stuck = p.fit(lbfgs());
        assertThat(stuck.converged()).isTrue();
        assertThat(stuck.identifiability().conditionNumber()).isGreaterThan(1e40);
        assertThat(stuck.identifiability().explanation()).contains("ill-conditioned").contains("exceeds 1e+08");
        OdeFitResult.Agreement a = stuck.agreement(LevenbergMarquardt.defaults().fit(p));
        assertThat(a.lowerLoss()).isEqualTo("baseline");
        assertThat(a.agrees()).isFalse();
    }

    @Test
    void asManyPointsAsParametersLeaveNoDegreesOfFreedom() {
        OdeFitResult r = sir(763, new double[] {1, 2, 3}, new double[] {3, 8, 26}, true).fit(lbfgs());
        assertThat(r.identifiability().degreesOfFreedom()).isZero();
        assertThat(r.identifiability().identifiable()).isFalse();
        assertThat(r.identifiability().problems().get(0))
                .isEqualTo("n = 3 observed points for k = 3 free parameters leave no degrees of freedom to estimate "
                        + "the noise σ², so there are no standard errors");
        assertThat(r.parameterEstimates().standardErrors()).containsOnly(Double.NaN);
    }

    @Test
    void fewerPointsThanParametersAreRefused() {
        Observations three = Observations.of(new double[] {1, 2, 3}, "cases", new double[] {3, 8, 26});
        assertThatThrownBy(() -> OdeFitProblem.builder(new Seir(763), three).observe("cases", "I")
                .fit("beta", "sigma", "gamma", "I0").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n = 3 observed points are fewer than the k = 4 free parameters [beta, sigma, gamma, I0]: "
                        + "the fit is not determined");
    }

    @Test
    void countsAboveThePopulationAreRefusedNamingThePeak() {
        double[] counts = IN_BED.clone();
        counts[3] = 5000;
        assertThatThrownBy(() -> sir(763, T, counts, false))
                .isInstanceOfSatisfying(ObservationException.class, e -> {
                    assertThat(e.row()).isEqualTo(3);
                    assertThat(e.time()).isEqualTo(4.0);
                    assertThat(e.getMessage()).isEqualTo("row 4 (t = 4.0): in_bed = 5000.0 exceeds the population "
                            + "N = 763.0 of SIR: it is observed as I, which can never be larger");
                    assertThat(e.at("line 5")).startsWith("line 5 (t = 4.0): in_bed = 5000.0 exceeds");
                });
        // N = 100 below the peak of 298 (day 6); six days exceed it
        assertThatThrownBy(() -> sir(100, T, IN_BED, false))
                .isInstanceOfSatisfying(ObservationException.class, e -> {
                    assertThat(e.row()).isEqualTo(5);
                    assertThat(e.detail()).isEqualTo("in_bed = 298.0 exceeds the population N = 100.0 of SIR: it is "
                            + "observed as I, which can never be larger (6 rows exceed it; this is the largest)");
                });
        // the bound is N: exactly N is allowed, and I + R is bounded by N too
        double[] atN = {3, 8, 763};
        assertThat(sir(763, new double[] {1, 2, 3}, atN, false).observationCount()).isEqualTo(3);
        Sir model = new Sir(763);
        assertThatThrownBy(() -> OdeFitProblem.builder(model, Observations.of(new double[] {1, 2, 3}, "ever",
                        new double[] {3, 800, 900})).observe("ever", Observable.sum(model, "I", "R")).fit("beta").build())
                .isInstanceOf(ObservationException.class).hasMessageContaining("row 3 (t = 3.0): ever = 900.0 exceeds")
                .hasMessageContaining("observed as I+R").hasMessageContaining("(2 rows exceed it");
        assertThat(model.conservedTotal()).hasValue(763);
        assertThat(new Seir(1000).conservedTotal()).hasValue(1000);
    }

    @Test
    void modelsWithoutAConservedTotalAcceptLargeCounts() {
        LotkaVolterra lv = new LotkaVolterra();
        assertThat(lv.conservedTotal()).isEmpty();
        Observations big = Observations.of(new double[] {1, 2, 3}, "prey", new double[] {1e9, 2e9, 3e9});
        assertThat(OdeFitProblem.builder(lv, big).observe("prey", lv.stateNames().get(0))
                .fit(lv.parameterNames().get(0)).build().observationCount()).isEqualTo(3);
    }
}
