package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.conformance.CaseResult.Status;
import dev.descent.optim.Polyak;
import dev.descent.optim.SpsMax;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Polyak cases (polyak/): the mapping, the loss the replayer offers, the per-step step sizes and
 * the closed-loop exemption; each check is shown to catch a perturbed file.
 */
class PolyakReplayTest {

    @TempDir
    Path tmp;

    private CaseResult replay(ObjectNode tree) {
        return CaseFiles.replay(CaseFiles.write(tmp, tree.get("id").textValue() + ".json", tree));
    }

    @Test
    void mapsTheReferenceHyperparameters() throws Exception {
        GoldenCase sps = CaseReader.read(BundledCases.polyak().resolve("sps_max.c_eta_max.rosenA.json"));
        CaseOptimizers.Supported s = (CaseOptimizers.Supported) CaseOptimizers.forCase(sps);
        assertThat(s.optimizer()).isEqualTo(new SpsMax(1.0, 0.002, 1e-8, 0));
        assertThat(s.learningRate()).isNull();
        assertThat(s.stateChecks()).containsOnly(
                java.util.Map.entry("step_size", "sps_max.step_size"), java.util.Map.entry("grad_norm", "sps_max.grad_norm"));
        GoldenCase quad = CaseReader.read(BundledCases.polyak().resolve("sps_max.default.quadA.json"));
        // fstar_flag: f* is quadA's J* = −½ bᵀA⁻¹b
        assertThat(((SpsMax) ((CaseOptimizers.Supported) CaseOptimizers.forCase(quad)).optimizer()).fStar())
                .isEqualTo(-1.9619349565486397);
        GoldenCase polyak = CaseReader.read(BundledCases.polyak().resolve("polyak.capped.rosenA.json"));
        assertThat(((CaseOptimizers.Supported) CaseOptimizers.forCase(polyak)).optimizer())
                .isEqualTo(new Polyak(0, 0.002, 1e-6));
    }

    @Test
    void everyBundledCaseReproducesTheStepSizesAtTheRecordedTolerance() throws Exception {
        for (Path file : ConformanceRunner.caseFiles(BundledCases.polyak())) {
            CaseResult r = Replayer.recorded().replay(CaseReader.read(file));
            assertThat(r.status()).as(r.line()).isEqualTo(Status.PASS);
            // bit-for-bit: torch's CPU sum order and fused add_ (TorchCpu)
            assertThat(r.maxAbs()).as(r.line()).isEqualTo(0.0);
        }
    }

    @Test
    void aPerturbedStepSizeFails() {
        ObjectNode tree = CaseFiles.load("polyak", "sps_max.default.softmaxA");
        ObjectNode step = (ObjectNode) tree.get("steps").get(9);
        step.put("step_size", step.get("step_size").doubleValue() * (1 + 1e-9));
        CaseResult r = replay(tree);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 10: step_size[0] = ");
    }

    @Test
    void theRecordedLossReachesTheStep() {
        // the step size is (loss − f*)/(c‖g‖² + δ): another loss gives another step
        ObjectNode tree = CaseFiles.load("polyak", "polyak.default.rosenA");
        ObjectNode step = (ObjectNode) tree.get("steps").get(4);
        step.put("loss", step.get("loss").doubleValue() * (1 + 1e-9));
        CaseResult r = replay(tree);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 5: theta[");
    }

    @Test
    void aMissingLossFailsNamingTheStep() {
        ObjectNode tree = CaseFiles.load("polyak", "polyak.default.quadA");
        ((ObjectNode) tree.get("steps").get(2)).set("loss", NullNode.getInstance());
        CaseResult r = replay(tree);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).isEqualTo("polyak needs the loss value J, but steps[2].loss is null");
    }

    @Test
    void aLearningRateInTheStepsFails() {
        ObjectNode tree = CaseFiles.load("polyak", "sps_max.default.quadA");
        ((ObjectNode) tree.get("steps").get(0)).put("lr", 0.01);
        CaseResult r = replay(tree);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 1: lr = 0.01, but sps_max has no learning rate (expected null)");
    }

    @Test
    void refusesWhatDescentDoesNotImplement() throws Exception {
        ObjectNode smooth = CaseFiles.load("polyak", "sps_max.default.rosenA");
        ((ObjectNode) smooth.get("hyperparameters")).put("adapt_flag", "smooth_iter");
        CaseResult r = replay(smooth);
        assertThat(r.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(r.reason()).startsWith("Sps adapt_flag \"smooth_iter\" is not implemented");

        ObjectNode fstar = CaseFiles.load("polyak", "sps_max.default.rosenA");
        ((ObjectNode) fstar.get("hyperparameters")).put("fstar", 0.5);
        r = replay(fstar);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).contains("hyperparameters.fstar").contains("is 0.5, but fstar_flag is off");

        ObjectNode extra = CaseFiles.load("polyak", "polyak.default.quadA");
        ((ObjectNode) extra.get("hyperparameters")).put("momentum", 0.9);
        r = replay(extra);
        assertThat(r.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(r.reason()).contains("[momentum] not understood by the mapping for Polyak");
    }

    @Test
    void closedLoopUsesTheRecomputedLossWhereItApplies() {
        Replayer closed = new Replayer(Replayer.Mode.CLOSED_LOOP);
        // applicable: the recomputed J and ∇J drive the steps (rounding differs from torch's, within 1e-10)
        ObjectNode tree = CaseFiles.load("polyak", "sps_max.default.quadA");
        ((ObjectNode) tree.get("steps").get(0)).put("loss", 1e6); // ignored: J is recomputed
        CaseResult r = new ConformanceRunner(closed).runFile(CaseFiles.write(tmp, "a.json", tree));
        assertThat(r.status()).as(r.line()).isEqualTo(Status.PASS);
        assertThat(r.maxRel()).isGreaterThan(0.0).isLessThan(1e-10);
        // not applicable: replayed with the recorded gradients and losses, bit for bit
        ObjectNode chaotic = CaseFiles.load("polyak", "polyak.default.quadA");
        assertThat(chaotic.get("closed_loop_not_applicable").textValue())
                .contains("times the closed-loop tolerance");
        r = new ConformanceRunner(closed).runFile(CaseFiles.write(tmp, "b.json", chaotic));
        assertThat(r.status()).as(r.line()).isEqualTo(Status.PASS);
        assertThat(r.maxAbs()).isEqualTo(0.0);
        ((ObjectNode) chaotic.get("steps").get(3)).put("loss", 1e6); // now used
        r = new ConformanceRunner(closed).runFile(CaseFiles.write(tmp, "c.json", chaotic));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 4: theta[");
    }

    @Test
    void closedLoopExemptionNeedsAReasonAndNoClosedLoopTolerance() {
        ObjectNode tree = CaseFiles.load("polyak", "polyak.default.quadA");
        ObjectNode tolerance = (ObjectNode) tree.get("tolerance");
        tolerance.set("recomputed_gradients", CaseFiles.load("polyak", "sps_max.default.quadA")
                .get("tolerance").get("recomputed_gradients"));
        Path file = CaseFiles.write(tmp, "t.json", tree);
        assertThatThrownBy(() -> CaseReader.read(file)).isInstanceOf(MalformedCaseException.class)
                .hasMessageContaining("closed_loop_not_applicable")
                .hasMessageContaining("but tolerance.recomputed_gradients is {");
        tree.put("closed_loop_not_applicable", " ");
        tolerance.set("recomputed_gradients", NullNode.getInstance());
        Path blank = CaseFiles.write(tmp, "u.json", tree);
        assertThatThrownBy(() -> CaseReader.read(blank)).isInstanceOf(MalformedCaseException.class)
                .hasMessageContaining("closed_loop_not_applicable").hasMessageContaining("expected the reason");
    }

    @Test
    void stepSizeCapAndZeroBranchesAreExercised() throws Exception {
        // the cases cover the cap (γ_b binds) and the J < J* branch (ε = 0), not only the plain quotient
        assertThat(countSteps("polyak.capped.rosenA", 0.002)).isEqualTo(19);
        assertThat(countSteps("sps_max.c_eta_max.softmaxA", 2.0)).isEqualTo(15);
        assertThat(countSteps("polyak.fstar_high.quadA", 0.0)).isEqualTo(11);
    }

    private static int countSteps(String id, double stepSize) {
        ArrayNode steps = (ArrayNode) CaseFiles.load("polyak", id).get("steps");
        int n = 0;
        for (int i = 0; i < steps.size(); i++) {
            n += steps.get(i).get("step_size").doubleValue() == stepSize ? 1 : 0;
        }
        return n;
    }
}
