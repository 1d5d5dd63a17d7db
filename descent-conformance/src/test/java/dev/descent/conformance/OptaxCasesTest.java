package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.conformance.CaseResult.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optax/ family's own checks: recorded noise, σ_t, NovoGrad's per-block ν and its blocks. */
class OptaxCasesTest {

    @TempDir
    Path tmp;

    @Test
    void noisySgdReplaysTheRecordedNoiseSoAChangedSampleFailsAtItsStep() {
        ObjectNode tree = CaseFiles.load("optax", "noisy_sgd.default.quadA");
        assertThat(CaseFiles.replay(CaseFiles.write(tmp, "same.json", tree)).status()).isEqualTo(Status.PASS);
        ArrayNode noise = (ArrayNode) tree.get("steps").get(9).get("noise");
        noise.set(2, noise.get(2).doubleValue() + 1e-6);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "noise.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        // θ moves by lr·σ₁₀·1e-6 = 0.005·√(0.01/10^0.55)·1e-6 ≈ 2.66e-10 at coordinate 2
        assertThat(r.reason()).startsWith("step 10: theta[2] = ");
        assertThat(r.maxAbs()).isCloseTo(0.005 * Math.sqrt(0.01 / Math.pow(10, 0.55)) * 1e-6,
                org.assertj.core.data.Offset.offset(1e-14));
    }

    @Test
    void noisySgdChecksSigmaAndNeedsTheNoiseOfEveryStep() {
        ObjectNode tree = CaseFiles.load("optax", "noisy_sgd.eta_gamma.softmaxA");
        ObjectNode step = (ObjectNode) tree.get("steps").get(4);
        step.put("sigma", step.get("sigma").doubleValue() * (1 + 1e-9));
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "sigma.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 5: sigma = " + Math.sqrt(0.3 / 5.0));

        ObjectNode missing = CaseFiles.load("optax", "noisy_sgd.eta_gamma.softmaxA");
        ((ObjectNode) missing.get("steps").get(7)).remove("noise");
        CaseResult m = CaseFiles.replay(CaseFiles.write(tmp, "missing.json", missing));
        assertThat(m.status()).isEqualTo(Status.FAIL);
        assertThat(m.reason()).endsWith("steps[7].noise is missing (noisy_sgd cases record their noise)");
    }

    @Test
    void novoGradsNormsArePerBlockSoTheFlatLayoutFails() {
        ObjectNode tree = CaseFiles.load("optax", "novograd.default.softmaxA");
        tree.remove("blocks"); // one flat block: one ν for all 15 parameters
        for (int i = 0; i < tree.get("steps").size(); i++) {
            ((ObjectNode) tree.get("steps").get(i)).putArray("nu").add(0.0); // one ν now (its value is not the point)
        }
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "flat.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 1: theta[0] = ");
    }

    @Test
    void novoGradsPerBlockNuIsChecked() {
        ObjectNode tree = CaseFiles.load("optax", "novograd.wd_eps_root.softmaxA");
        ArrayNode nu = (ArrayNode) tree.get("steps").get(19).get("nu");
        nu.set(1, nu.get(1).doubleValue() * (1 + 1e-9));
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "nu.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 20: nu[1] = ");
    }

    @Test
    void anOptaxArgumentNoEntryReadsIsUnsupported() {
        ObjectNode tree = CaseFiles.load("optax", "yogi.default.quadA");
        ((ObjectNode) tree.get("hyperparameters")).put("mu_dtype", "float32");
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "mu.json", tree));
        assertThat(r.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(r.reason()).contains("[mu_dtype]").contains("optax.yogi");
    }
}
