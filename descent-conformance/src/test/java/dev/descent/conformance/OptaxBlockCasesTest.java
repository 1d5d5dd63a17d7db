package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.conformance.CaseResult.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optax/ LAMB, LARS and SAM cases: edited copies must fail where they were edited, or be refused. */
class OptaxBlockCasesTest {

    @TempDir
    Path tmp;

    @Test
    void theUnperturbedCopiesPass() {
        for (String id : new String[] {"lamb.default.softmaxA", "lars.masks.softmaxA", "sam.adam_sync3.rosenA"}) {
            CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, id + ".json", CaseFiles.load("optax", id)));
            assertThat(r.status()).as(r.line()).isEqualTo(Status.PASS);
        }
    }

    @Test
    void aPerturbedTrustRatioOfOneBlockFailsThoughThetaMatches() {
        ObjectNode tree = CaseFiles.load("optax", "lamb.default.softmaxA");
        ArrayNode ratio = (ArrayNode) tree.get("steps").get(9).get("trust_ratio");
        ratio.set(1, ratio.get(1).doubleValue() * (1 + 1e-9));
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "r.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 10: trust_ratio[1]");
    }

    @Test
    void oneGlobalTrustRatioInsteadOfOnePerBlockFails() {
        // without blocks the optimizer sees one flat leaf: a single ratio, so θ departs at step 1
        ObjectNode tree = CaseFiles.load("optax", "lars.default.softmaxA");
        tree.remove("blocks");
        for (int i = 0; i < tree.get("steps").size(); i++) { // one recorded ratio per step, as for one leaf
            ObjectNode step = (ObjectNode) tree.get("steps").get(i);
            double first = step.get("trust_ratio").get(0).doubleValue();
            step.putArray("trust_ratio").add(first);
        }
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "flat.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 1: theta[");
    }

    @Test
    void aMaskNamingAnUnknownBlockIsRefused() {
        ObjectNode tree = CaseFiles.load("optax", "lamb.wd_mask.softmaxA");
        ((ObjectNode) tree.get("hyperparameters")).putArray("mask").add("V");
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "m.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).isEqualTo("descent refuses the configuration: lamb: mask = 'V' names block 'V', "
                + "but the layout has blocks [W, b]");
    }

    @Test
    void aPerturbedAdversarialPointFailsOnXEval() {
        ObjectNode tree = CaseFiles.load("optax", "sam.sgd.quadA");
        ArrayNode xEval = (ArrayNode) tree.get("steps").get(5).get("x_eval"); // step 6: after an ascent call
        xEval.set(2, xEval.get(2).doubleValue() * (1 + 1e-9));
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "x.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 6: x_eval[2]");
    }

    @Test
    void anotherSyncPeriodFails() {
        ObjectNode tree = CaseFiles.load("optax", "sam.adam_sync3.rosenA");
        ((ObjectNode) tree.get("hyperparameters")).put("sync_period", 2);
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "p.json", tree));
        assertThat(r.status()).isEqualTo(Status.FAIL);
        assertThat(r.reason()).startsWith("step 2: ");
    }

    @Test
    void opaqueModeAndOtherAdversariesAreUnsupportedNotIgnored() {
        ObjectNode tree = CaseFiles.load("optax", "sam.sgd.quadA");
        ((ObjectNode) tree.get("hyperparameters")).put("opaque_mode", true);
        CaseResult opaque = CaseFiles.replay(CaseFiles.write(tmp, "o.json", tree));
        assertThat(opaque.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(opaque.reason()).startsWith("optax.contrib.sam with opaque_mode = true");
        ((ObjectNode) tree.get("hyperparameters")).put("opaque_mode", false).put("adv_optimizer", "optax.sgd(rho)");
        CaseResult adversary = CaseFiles.replay(CaseFiles.write(tmp, "a.json", tree));
        assertThat(adversary.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(adversary.reason()).contains("adv_optimizer optax.sgd(rho)");
    }
}
