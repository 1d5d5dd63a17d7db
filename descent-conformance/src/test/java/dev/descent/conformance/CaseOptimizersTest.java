package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.optim.Momentum;
import dev.descent.optim.MomentumForm;
import dev.descent.optim.Nesterov;
import dev.descent.optim.NesterovForm;
import dev.descent.optim.Sgd;
import dev.descent.optim.transform.Maximize;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseOptimizersTest {

    @TempDir
    Path tmp;

    private CaseOptimizers.Mapping map(ObjectNode tree, String name) throws Exception {
        return CaseOptimizers.forCase(CaseReader.read(CaseFiles.write(tmp, name + ".json", tree)));
    }

    @Test
    void torchMaximizeIsTheMaximizeTransform() throws Exception {
        ObjectNode tree = CaseFiles.load("torch", "sgd.plain.quadA");
        ((ObjectNode) tree.get("hyperparameters")).put("maximize", true);
        CaseOptimizers.Mapping m = map(tree, "sgd.plain.quadA");
        assertThat(m).isInstanceOf(CaseOptimizers.Supported.class);
        assertThat(((CaseOptimizers.Supported) m).optimizer()).isInstanceOfSatisfying(Maximize.class,
                x -> assertThat(x.inner()).isEqualTo(Sgd.of(((Sgd) x.inner()).learningRate().valueAt(0))));
        // the recorded descent no longer matches: the first step goes uphill
        CaseResult r = CaseFiles.replay(CaseFiles.write(tmp, "sgd.plain.quadA.json", tree));
        assertThat(r.status()).isEqualTo(CaseResult.Status.FAIL);
        assertThat(r.reason()).startsWith("step 1: theta[");
    }

    @Test
    void torchSgdUsesTheRegistrysMapping() throws Exception {
        CaseOptimizers.Supported momentum = (CaseOptimizers.Supported) map(
                CaseFiles.load("torch", "sgd.dampening.replayA"), "sgd.dampening.replayA");
        assertThat(momentum.optimizer()).isInstanceOfSatisfying(Momentum.class, o -> {
            assertThat(o.form()).isEqualTo(MomentumForm.BUFFER);
            assertThat(o.dampening()).isEqualTo(0.5);
        });
        CaseOptimizers.Supported nesterov = (CaseOptimizers.Supported) map(
                CaseFiles.load("torch", "sgd.nesterov.quadA"), "sgd.nesterov.quadA");
        assertThat(nesterov.optimizer()).isInstanceOfSatisfying(Nesterov.class,
                o -> assertThat(o.form()).isEqualTo(NesterovForm.REFORMULATED));
        assertThat(((CaseOptimizers.Supported) map(CaseFiles.load("torch", "sgd.plain.quadA"), "sgd.plain.quadA"))
                .optimizer()).isInstanceOf(Sgd.class);
    }
}
