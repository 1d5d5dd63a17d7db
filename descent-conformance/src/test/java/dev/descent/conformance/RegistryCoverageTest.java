package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.optim.Optimizers;
import dev.descent.optim.Wrapper;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * House rule: every optimizer in the registry is pinned by at least one reference trajectory,
 * except those with no reference implementation in the data, each with its reason. The exemptions
 * are checked too, so the list cannot go stale.
 */
class RegistryCoverageTest {

    /** Registry entries that no torch 1.13.1 or book case can cover, and why. */
    static final Map<String, String> EXEMPT = Map.of(
            "lion", "torch 1.13 has no Lion; pinned by hand-computed steps and known optima in core",
            "lbfgs", "descent's own L-BFGS (Nocedal & Wright) has no reference implementation in the data (lbfgs/ covers"
                    + " torch_lbfgs); pinned by known optima and LbfgsTorchTest in core");

    @Test
    void everyRegistryEntryHasAConformanceCase() throws Exception {
        Set<String> covered = new LinkedHashSet<>();
        for (Path dir : BundledCases.families()) {
            for (Path file : ConformanceRunner.caseFiles(dir)) {
                if (CaseOptimizers.forCase(CaseReader.read(file)) instanceof CaseOptimizers.Supported s) {
                    covered.add(Wrapper.innermost(s.optimizer()).name());
                }
            }
        }
        for (String name : Optimizers.names()) {
            if (EXEMPT.containsKey(name)) {
                assertThat(covered).as("%s is exempt but has a case now: drop the exemption", name).doesNotContain(name);
            } else {
                assertThat(covered).as("registry entry %s has no conformance case", name).contains(name);
            }
        }
    }
}
