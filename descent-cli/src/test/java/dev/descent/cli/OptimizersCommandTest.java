package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.spec.ScheduleSpecs;
import dev.descent.optim.spec.SpecParam;
import dev.descent.optim.spec.TransformSpecs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The listing against the registries the parser uses: every accepted key is listed, and every
 * listed key is accepted (each built with that key set to its default).
 */
class OptimizersCommandTest {

    private static final Pattern HEADER = Pattern.compile("^  (\\S+)\\s+.*$");
    private static final Pattern PARAM = Pattern.compile("^      (\\S+)\\s+= (\\S+).*?(?:\\[also ([^\\]]+)])?$");
    private static final Pattern CALL = Pattern.compile("^  ([a-z_0-9]+)\\(([^)]*)\\): .*$");

    /** Values for the transform and schedule parameters without a default. */
    private static final Map<String, String> REQUIRED = Map.of("clip", "1", "max_norm", "1", "weight_decay", "0.1",
            "l1", "0.1", "every", "2", "tau", "10", "milestones", "(2, 5)", "gamma", "0.5", "steps", "10",
            "t_max", "10");

    private static final Map<String, String> MORE_REQUIRED = Map.of("t_0", "10", "total_steps", "10");

    private static String required(String key) {
        return REQUIRED.getOrDefault(key, MORE_REQUIRED.get(key));
    }

    /** Optimizer name → (listed key → listed default of the parameter(s) it sets). */
    private static Map<String, Map<String, String>> listedOptimizerKeys(String out) {
        Map<String, Map<String, String>> listed = new LinkedHashMap<>();
        Map<String, String> current = null;
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            if (line.isEmpty()) {
                break; // the optimizers come first, then a blank line
            }
            Matcher h = HEADER.matcher(line);
            Matcher p = PARAM.matcher(line);
            if (h.matches()) {
                current = new LinkedHashMap<>();
                defaults = new LinkedHashMap<>();
                listed.put(h.group(1), current);
            } else if (p.matches() && current != null) {
                String value = p.group(2);
                if (value.startsWith("(")) { // a key that sets several parameters: (a, b)
                    List<String> parts = new ArrayList<>();
                    for (String target : line.substring(line.indexOf('(') + 1, line.indexOf(')')).split(", ")) {
                        parts.add(defaults.get(target));
                    }
                    value = "(" + String.join(", ", parts) + ")";
                } else {
                    defaults.put(p.group(1), value);
                }
                current.put(p.group(1), value);
                if (p.group(3) != null) {
                    for (String alias : p.group(3).split(", ")) {
                        current.put(alias, value);
                    }
                }
            }
        }
        return listed;
    }

    @Test
    void everyAcceptedOptimizerKeyIsListedAndEveryListedKeyIsAccepted() {
        CliRun r = CliRun.of("optimizers");
        assertThat(r.exit()).isZero();
        Map<String, Map<String, String>> listed = listedOptimizerKeys(r.out());
        List<Optimizers.Entry> entries = new ArrayList<>(Optimizers.all());
        entries.addAll(Optimizers.presets());
        assertThat(listed.keySet()).containsExactlyElementsOf(entries.stream().map(Optimizers.Entry::name).toList());
        for (Optimizers.Entry e : entries) {
            Map<String, String> keys = listed.get(e.name());
            assertThat(keys.keySet()).as(e.name()).containsExactlyInAnyOrderElementsOf(e.keys().keySet());
            Optimizer<?> defaults = OptimizerSpec.build(e.name());
            for (Map.Entry<String, String> k : keys.entrySet()) {
                String spec = e.name() + "(" + k.getKey() + "=" + k.getValue() + ")";
                assertThat(OptimizerSpec.build(spec)).as(spec).isEqualTo(defaults);
            }
        }
        // the keys the issue names
        assertThat(listed.get("sgd")).containsKeys("momentum", "dampening", "nesterov", "lr", "weight_decay");
        assertThat(listed.get("torch.sgd")).containsKeys("momentum", "dampening", "nesterov");
        assertThat(listed.get("adam")).containsEntry("betas", "(0.9, 0.999)").doesNotContainKey("alpha");
        assertThat(listed.get("torch.rmsprop")).containsEntry("alpha", "0.99");
        assertThat(listed.get("sgd")).doesNotContainKey("betas");
    }

    @Test
    void aKeyOfAnotherOptimizerIsRefusedNotIgnored() {
        CliRun r = CliRun.of("optimize", "--optimizer", "sgd(betas=(0.9, 0.99))");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--optimizer: sgd: unknown parameter 'betas'; known: learningRate, weightDecay, "
                + "momentum, dampening, nesterov, lr (or their snake_case forms) at position 4");
    }

    @Test
    void everyTransformAndScheduleKeyIsListedAndAccepted() {
        String out = CliRun.of("optimizers").out();
        Map<String, Set<String>> transforms = new LinkedHashMap<>();
        Map<String, Set<String>> schedules = new LinkedHashMap<>();
        Map<String, Set<String>> section = null;
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            if (line.startsWith("Transforms")) {
                section = transforms;
            } else if (line.startsWith("Schedules")) {
                section = schedules;
            } else if (line.startsWith("Spec grammar")) {
                section = null;
            }
            Matcher m = CALL.matcher(line);
            if (section != null && m.matches()) {
                Set<String> keys = new LinkedHashSet<>();
                for (String p : m.group(2).isEmpty() ? new String[0] : m.group(2).split(", ")) {
                    String[] kv = p.split("=", 2);
                    keys.add(kv[0]);
                    defaults.put(m.group(1) + "." + kv[0], kv.length == 2 ? kv[1] : null);
                }
                section.put(m.group(1), keys);
            }
        }
        assertThat(transforms.keySet()).containsExactlyElementsOf(TransformSpecs.names());
        assertThat(schedules.keySet()).containsExactlyElementsOf(ScheduleSpecs.names());
        check(transforms, defaults, true);
        check(schedules, defaults, false);
    }

    private static void check(Map<String, Set<String>> listed, Map<String, String> defaults, boolean transforms) {
        for (Map.Entry<String, Set<String>> e : listed.entrySet()) {
            List<SpecParam> params = transforms ? TransformSpecs.params(e.getKey()) : ScheduleSpecs.params(e.getKey());
            assertThat(e.getValue()).as(e.getKey())
                    .containsExactlyElementsOf(params.stream().map(SpecParam::name).toList());
            for (SpecParam set : params) {
                // every required parameter given, and `set` given explicitly (its default, when it has one)
                List<String> args = new ArrayList<>();
                for (SpecParam p : params) {
                    String listedDefault = defaults.get(e.getKey() + "." + p.name());
                    assertThat(listedDefault).as(e.getKey() + "." + p.name()).isEqualTo(p.defaultValue());
                    if (p.defaultValue() == null) {
                        args.add(p.name() + "=" + required(p.name()));
                    } else if (p == set) {
                        args.add(p.name() + "=" + p.defaultValue());
                    }
                }
                String call = e.getKey() + "(" + String.join(", ", args) + ")";
                String spec = transforms ? "sgd(lr=0.1, momentum=0.9) | " + call : "sgd(lr=0.1, momentum=0.9) @ " + call;
                String without = spec.replace(set.defaultValue() == null ? "\u0000" : set.name() + "=" + set.defaultValue(),
                        "").replace("(, ", "(").replace(", )", ")");
                assertThat(OptimizerSpec.build(spec)).as(spec).isEqualTo(OptimizerSpec.build(without));
            }
        }
    }

    @Test
    void theListingKeepsItsLayout() {
        CliRun r = CliRun.of("optimizers");
        assertThat(r.out()).contains("torch.adagrad").contains("Spec grammar:");
        assertThat(r.out()).contains("  adam               Adam (Alg. 8.7; torch Adam)")
                .contains("      beta2                = 0.999          ρ₂, second-moment decay")
                .contains("      learningRate         = 0.01           ε, learning rate  [also learning_rate, lr]")
                .contains("      betas                = (beta1, beta2)")
                .contains("  warmup(steps, start_factor=0.1, then=constant): ");
    }
}
