package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.conformance.CaseResult.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayerTest {

    @TempDir
    Path tmp;

    @Test
    void aReferencePerturbedBy1e9Fails() {
        ObjectNode tree = CaseFiles.load("torch", "adam.default.replayA");
        ArrayNode theta = (ArrayNode) tree.get("steps").get(16).get("theta");
        theta.set(3, theta.get(3).doubleValue() + 1e-9);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "adam.default.replayA.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 17: theta[3] = ").contains("|diff| 1.000e-09 > atol");
        assertThat(r.maxAbs()).isCloseTo(1e-9, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(r.line()).startsWith("adam.default.replayA FAIL max_abs=1.000e-09 max_rel=");
    }

    @Test
    void theUnperturbedCopyPasses() {
        ObjectNode tree = CaseFiles.load("torch", "adam.default.replayA");
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "adam.default.replayA.json", tree));
        assertThat(r.status()).as(r.line()).isEqualTo(Status.PASS);
    }

    @Test
    void aFrozenBlockStaysAtTheta0AndTheRestReplays() {
        // SGD is element-wise: freezing b changes nothing of W's recorded-gradient trajectory, so
        // the reference with b held at θ₀ must pass, and the original (b moving) must fail on b.
        ObjectNode tree = CaseFiles.load("torch", "sgd.dampening.softmaxA");
        ArrayNode blocks = tree.putArray("blocks");
        blocks.addObject().put("name", "W").put("offset", 0).put("optimized", true).putArray("shape").add(4).add(3);
        blocks.addObject().put("name", "b").put("offset", 12).put("optimized", false).putArray("shape").add(3);
        CaseResult moving = CaseFiles.replay(CaseFiles.write(tmp, "moving.json", tree));
        assertThat(moving.status()).isEqualTo(Status.FAIL);
        assertThat(moving.reason()).startsWith("step 1: theta[12]");
        ArrayNode theta0 = (ArrayNode) tree.get("theta0");
        for (int i = 0; i < tree.get("steps").size(); i++) {
            ArrayNode theta = (ArrayNode) tree.get("steps").get(i).get("theta");
            for (int k = 12; k < 15; k++) {
                theta.set(k, theta0.get(k));
            }
        }
        CaseResult frozen = CaseFiles.replay(CaseFiles.write(tmp, "frozen.json", tree));
        assertThat(frozen.status()).as(frozen.line()).isEqualTo(Status.PASS);
    }

    @Test
    void aPerturbedLookaheadPointFails() {
        ObjectNode tree = CaseFiles.load("book", "alg8.3-nesterov.quadA");
        ArrayNode xEval = (ArrayNode) tree.get("steps").get(5).get("x_eval");
        xEval.set(0, xEval.get(0).doubleValue() * (1 + 1e-9));
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "x.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 6: x_eval[0]");
    }

    @Test
    void aWrongScheduleFailsOnTheLearningRate() {
        ObjectNode tree = CaseFiles.load("book", "alg8.1-sgd.stepdecay.rosenA");
        ((ObjectNode) tree.get("schedule").get("params")).put("every", 16);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "s.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 16: lr = 3.0E-4, expected 1.5E-4");
    }

    @Test
    void theBookNesterovCaseFailsWithTorchsForm() {
        // Relabel the book's look-ahead case as "current_theta": the optimizer's look-ahead
        // evaluation point no longer agrees with the case, which must be noticed.
        ObjectNode tree = CaseFiles.load("book", "alg8.3-nesterov.quadA");
        tree.put("gradient_evaluation", "current_theta");
        for (int i = 0; i < tree.get("steps").size(); i++) {
            ((ObjectNode) tree.get("steps").get(i)).remove("x_eval");
        }
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "n.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).contains("step 2: the optimizer evaluates the gradient at a look-ahead point");
    }

    @Test
    void nonFiniteCasePassesByRefusingTheNaNGradient() throws Exception {
        GoldenCase c = CaseReader.read(BundledCases.book().resolve("alg8.6-rmsprop-nesterov.rosenValley.json"));
        assertThat(Replayer.recorded().replay(c).status()).isEqualTo(Status.PASS);
    }

    @Test
    void aFiniteThetaWhereTheReferenceHasNaNFails() {
        // A non-zero gradient where the reference had exactly 0 keeps the literal form finite at
        // step 1, against the reference's NaN: the NaN must not be "fixed" silently.
        ObjectNode tree = CaseFiles.load("book", "alg8.6-rmsprop-nesterov.rosenValley");
        ((ArrayNode) tree.get("steps").get(0).get("grad")).set(1, 1e-3);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "fixed.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 1: theta[1] = ").contains("expected NaN (non-finite values must match");
    }

    @Test
    void theDeltaVariantDoesNotReproduceTheLiteralNaN() {
        ObjectNode tree = CaseFiles.load("book", "alg8.6-rmsprop-nesterov.rosenValley");
        tree.put("variant", "alg8.6-rmsprop-nesterov-delta");
        tree.put("algorithm", "DL-book Algorithm 8.6 (rmsprop-nesterov-delta)");
        ((ObjectNode) tree.get("hyperparameters")).put("delta", 1e-6);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "delta.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void aRefusalIsAFailWhenTheCaseDoesNotExpectNonFiniteValues() {
        ObjectNode tree = CaseFiles.load("book", "alg8.6-rmsprop-nesterov.rosenValley");
        tree.remove("expect_nonfinite");
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "strict.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 2: the optimizer refused the step: ").contains("not finite");
    }

    @Test
    void aNaNReferenceBeforeTheFirstNonFiniteStepStillNeedsAMatch() {
        ObjectNode tree = CaseFiles.load("book", "alg8.6-rmsprop-nesterov.rosenValley");
        ((ArrayNode) tree.get("steps").get(0).get("theta")).set(0, "NaN");
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "both.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 1: theta[0] = -1.4968377223398317, expected NaN");
    }

    @Test
    void unknownHyperparameterIsUnsupportedNotIgnored() {
        ObjectNode tree = CaseFiles.load("torch", "adam.default.replayA");
        ((ObjectNode) tree.get("hyperparameters")).put("foreach", false);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "f.json", tree));
        assertThat(r.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(r.reason()).contains("hyperparameters [foreach]").contains("torch.optim.Adam");
    }

    @Test
    void unknownBookHyperparameterIsUnsupported() {
        ObjectNode tree = CaseFiles.load("book", "alg8.6-rmsprop-nesterov.quadA");
        ((ObjectNode) tree.get("hyperparameters")).put("delta", 1e-6); // the literal form has no δ
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "d.json", tree));
        assertThat(r.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(r.reason()).contains("hyperparameters [delta]");
    }

    @Test
    void unknownScheduleParameterIsUnsupported() {
        ObjectNode tree = CaseFiles.load("book", "alg8.1-sgd.lineardecay.softmaxA");
        ((ObjectNode) tree.get("schedule").get("params")).put("warmup", 3);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "w.json", tree));
        assertThat(r.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(r.reason()).contains("schedule.params [warmup]");
    }

    @Test
    void maximizeIsHonoredSoTheRecordedDescentNoLongerMatches() {
        ObjectNode tree = CaseFiles.load("torch", "sgd.momentum.replayA");
        ((ObjectNode) tree.get("hyperparameters")).put("maximize", true);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "m.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 1: theta[");
    }

    @Test
    void missingHyperparameterFails() {
        ObjectNode tree = CaseFiles.load("torch", "rmsprop.centered.replayA");
        ((ObjectNode) tree.get("hyperparameters")).remove("alpha");
        Path file = CaseFiles.write(tmp, "a.json", tree);
        CaseResult r = CaseFiles.replay(file);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).isEqualTo(file + ": hyperparameters.alpha is missing");
    }

    @Test
    void aValueDescentRefusesFails() {
        ObjectNode tree = CaseFiles.load("torch", "sgd.momentum.replayA");
        ((ObjectNode) tree.get("hyperparameters")).put("momentum", 1.5);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "v.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).isEqualTo("descent refuses the configuration: torch.sgd: momentum = 1.5 is outside [0, 1)");
    }

    @Test
    void torchNesterovWithDampeningIsRefused() {
        ObjectNode tree = CaseFiles.load("torch", "sgd.nesterov.replayA");
        ((ObjectNode) tree.get("hyperparameters")).put("dampening", 0.1);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "nd.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).isEqualTo("descent refuses the configuration: torch.sgd: nesterov = true needs"
                + " momentum > 0 and dampening = 0 (momentum = 0.9, dampening = 0.1)");
    }

    @Test
    void bookAlgorithmMustMatchTheVariant() {
        ObjectNode tree = CaseFiles.load("book", "alg8.2-momentum.replayA");
        tree.put("algorithm", "DL-book Algorithm 8.3 (nesterov)");
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "mix.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).contains("algorithm is \"DL-book Algorithm 8.3 (nesterov)\", but variant \"alg8.2-momentum\"");
    }

    @Test
    void unsupportedCasesSayWhy() throws Exception {
        ObjectNode sparse = CaseFiles.load("torch", "adamw.default.replayA");
        sparse.put("algorithm", "SparseAdam");
        assertThat(CaseFiles.replay(CaseFiles.write(tmp, "sparse.json", sparse)))
                .isEqualTo(CaseResult.unsupported("adamw.default.replayA",
                        "no descent mapping for algorithm \"SparseAdam\"").withTolerance(Tolerance.RECORDED, null));
    }

    @Test
    void anUnmappedSchedulerIsUnsupported() {
        ObjectNode tree = CaseFiles.load("torch", "sched.steplr.sgd_momentum.quadA");
        ((ObjectNode) tree.get("schedule")).put("type", "CyclicLR");
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "c.json", tree));
        assertThat(r.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(r.reason()).isEqualTo("torch.optim.lr_scheduler.CyclicLR is not mapped to a descent schedule yet");
    }

    @Test
    void cyclesOnANonCyclingSchedulerIsUnsupported() {
        ObjectNode tree = CaseFiles.load("torch", "sched.steplr.sgd_momentum.quadA");
        ((ObjectNode) tree.get("schedule")).put("cycles", "momentum");
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "c.json", tree));
        assertThat(r.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(r.reason()).isEqualTo("schedule.cycles = \"momentum\" is not understood by the replayer");
    }

    @Test
    void theRecordedBeta1IsCheckedAtEveryStep() {
        // A 1e-12 relative change of one recorded β₁ is far inside θ's tolerance but outside 1e-13.
        ObjectNode tree = CaseFiles.load("torch", "sched.onecycle.adam.quadA");
        ObjectNode step = (ObjectNode) tree.get("steps").get(6);
        double beta1 = step.get("beta1").doubleValue();
        step.put("beta1", beta1 * (1 + 1e-12));
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "b.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 7: beta1 = " + beta1 + ", expected " + beta1 * (1 + 1e-12));
    }

    @Test
    void aMissingRecordedBeta1Fails() {
        ObjectNode tree = CaseFiles.load("torch", "sched.onecycle.adam.quadA");
        ((ObjectNode) tree.get("steps").get(2)).remove("beta1");
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "m.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 3: beta1 is missing, but descent schedules it (");
    }

    @Test
    void aWrongMomentumCycleFailsOnBeta1() {
        ObjectNode tree = CaseFiles.load("torch", "sched.onecycle.adam.quadA");
        ((ObjectNode) tree.get("schedule").get("params")).put("base_momentum", 0.8);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "w.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 2: beta1 = ");
    }

    @Test
    void cyclesMustNameWhatTorchCycles() {
        ObjectNode tree = CaseFiles.load("torch", "sched.onecycle.adam.quadA");
        ((ObjectNode) tree.get("schedule")).put("cycles", "momentum");
        Path file = CaseFiles.write(tmp, "x.json", tree);
        CaseResult r = CaseFiles.replay(file);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).isEqualTo(file + ": schedule.cycles is \"momentum\", but "
                + "torch.optim.lr_scheduler.OneCycleLR cycles \"betas[0]\" of torch.optim.Adam");
    }

    @Test
    void aCycledBeta1WithoutMomentumCyclingIsNotIgnored() {
        // cycle_momentum = false: descent schedules only the lr, so the recorded beta1 is an unchecked field.
        ObjectNode tree = CaseFiles.load("torch", "sched.onecycle.adam.quadA");
        ((ObjectNode) tree.get("schedule").get("params")).put("cycle_momentum", false);
        ((ObjectNode) tree.get("schedule")).remove("cycles");
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "n.json", tree));
        assertThat(r.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(r.reason()).isEqualTo("steps carry [beta1], which the replayer does not check yet");
    }

    @Test
    void aWrongCosineFloorFailsOnTheLearningRate() {
        ObjectNode tree = CaseFiles.load("torch", "sched.cosine.sgd.rosenA");
        ((ObjectNode) tree.get("schedule").get("params")).put("eta_min", 2e-5);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "e.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 2: lr = ");
    }

    @Test
    void asgdChecksTheAveragedIterateEveryStep() throws Exception {
        GoldenCase c = CaseReader.read(BundledCases.torch().resolve("asgd.default.quadA.json"));
        assertThat(CaseOptimizers.forCase(c)).isInstanceOfSatisfying(CaseOptimizers.Supported.class,
                s -> assertThat(s.stateChecks()).containsExactly(java.util.Map.entry("ax", "asgd.ax")));
        // t0 = 10: ax differs from θ from step 13 on, so a wrong average cannot hide behind θ.
        GoldenCase.Step last = c.steps().get(39);
        assertThat(CaseReader.vector(last.extras().get("ax"), "x", "ax", 5)).isNotEqualTo(last.theta());
        assertThat(Replayer.recorded().replay(c).status()).isEqualTo(Status.PASS);
    }

    @Test
    void aPerturbedAveragedIterateFailsAlthoughThetaMatches() {
        ObjectNode tree = CaseFiles.load("torch", "asgd.default.quadA");
        ArrayNode ax = (ArrayNode) tree.get("steps").get(24).get("ax");
        ax.set(2, ax.get(2).doubleValue() * (1 + 1e-10));
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "asgd.default.quadA.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 25: ax[2] = ").doesNotContain("theta");
    }

    @Test
    void aMissingAveragedIterateIsMalformed() {
        ObjectNode tree = CaseFiles.load("torch", "asgd.default.replayA");
        ((ObjectNode) tree.get("steps").get(4)).remove("ax");
        Path file = CaseFiles.write(tmp, "asgd.json", tree);
        CaseResult r = CaseFiles.replay(file);
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).isEqualTo(file + ": steps[4].ax is missing");
    }

    @Test
    void aPerStepFieldNobodyChecksIsStillUnsupported() {
        ObjectNode tree = CaseFiles.load("torch", "asgd.default.replayA");
        ((ObjectNode) tree.get("steps").get(0)).put("eta", 0.01);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "eta.json", tree));
        assertThat(r.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(r.reason()).isEqualTo("steps carry [eta], which the replayer does not check yet");
        ObjectNode adam = CaseFiles.load("torch", "adamw.default.replayA");
        ((ObjectNode) adam.get("steps").get(3)).putArray("ax").add(1.0);
        assertThat(CaseFiles.replay(CaseFiles.write(tmp, "ax.json", adam)).reason())
                .isEqualTo("steps carry [ax], which the replayer does not check yet");
    }

    @Test
    void closedLoopUsesTheLooserTolerance() {
        ObjectNode tree = CaseFiles.load("torch", "adam.default.quadA");
        ArrayNode theta = (ArrayNode) tree.get("steps").get(39).get("theta");
        theta.set(0, theta.get(0).doubleValue() + 1e-11);
        Path file = CaseFiles.write(tmp, "adam.default.quadA.json", tree);
        assertThat(CaseFiles.replay(file).status()).isEqualTo(Status.FAIL);
        assertThat(new ConformanceRunner(new Replayer(Replayer.Mode.CLOSED_LOOP)).runFile(file).status())
                .isEqualTo(Status.PASS);
    }

    // ---- closure cases (torch LBFGS): every evaluation, the count and torch's counters are checked ----

    @Test
    void aClosureCasePassesBitForBit() {
        ObjectNode tree = CaseFiles.load("lbfgs", "lbfgs.strong_wolfe_hist3.rosenA");
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "l.json", tree));
        assertThat(r.status()).as(r.line()).isEqualTo(Status.PASS);
        assertThat(r.maxAbs()).isZero();
    }

    @Test
    void aPerturbedEvaluationPointFails() {
        ObjectNode tree = CaseFiles.load("lbfgs", "lbfgs.strong_wolfe.quadA");
        ArrayNode x = (ArrayNode) tree.get("steps").get(0).get("evaluations").get(3).get("x");
        x.set(2, x.get(2).doubleValue() + 1e-8);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "l.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 1: evaluations[3].x[2] = ").contains("|diff| 1.000e-08 > atol");
    }

    @Test
    void aMissingEvaluationFailsOnTheExtraClosureCall() {
        ObjectNode tree = CaseFiles.load("lbfgs", "lbfgs.strong_wolfe.rosenA");
        ArrayNode evals = (ArrayNode) tree.get("steps").get(2).get("evaluations");
        evals.remove(evals.size() - 1); // the step made 3 calls
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "l.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).contains("step 3: the closure was called 3 times, but the reference made 2 evaluations");
    }

    @Test
    void anEvaluationTooManyFailsOnTheCount() {
        ObjectNode tree = CaseFiles.load("lbfgs", "lbfgs.no_line_search_iter1.quadA");
        ArrayNode evals = (ArrayNode) tree.get("steps").get(4).get("evaluations");
        evals.add(evals.get(0).deepCopy());
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "l.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).isEqualTo("step 5: 1 closure calls, the reference made 2");
    }

    @Test
    void aWrongCounterFails() {
        ObjectNode tree = CaseFiles.load("lbfgs", "lbfgs.no_line_search.rosenA");
        ((ObjectNode) tree.get("steps").get(6)).put("func_evals", 1);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "l.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 7: n_iter = ").contains("expected").endsWith(" and 1");
    }

    @Test
    void aClosureCaseWithoutCountersIsMalformed() {
        ObjectNode tree = CaseFiles.load("lbfgs", "lbfgs.no_line_search.quadA");
        ((ObjectNode) tree.get("steps").get(1)).remove("n_iter");
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "l.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).contains("steps[1].n_iter").contains("is missing");
    }
}
