package dev.descent.cli;

import dev.descent.optim.Optimizers;
import dev.descent.optim.spec.ScheduleSpecs;
import dev.descent.optim.spec.TransformSpecs;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code descent optimizers}: every optimizer, preset, transform and schedule with every key its
 * spec accepts and the defaults. All of it is read off the registries the spec parser uses
 * ({@link Optimizers.Entry#keys}, {@link TransformSpecs#params}, {@link ScheduleSpecs#params}), so the
 * listing cannot drift from what is accepted.
 */
@Command(name = "optimizers", mixinStandardHelpOptions = true,
        description = "List every optimizer (with its parameters and defaults), the torch presets, the gradient "
                + "transforms and the schedules that an optimizer spec can name, and the spec grammar.")
public final class OptimizersCommand implements Callable<Integer> {

    static final String GRAMMAR = """
            Spec grammar:  optimizer[(args)] { | transform[(args)] } [ @ schedule[(args)] ]
              args: key=value or positional values; tuples as (a, b); keys are camelCase, snake_case or torch's
              each "| t" wraps everything to its left; "@ s" schedules the optimizer's learning rate from its value
            Parameter groups:  partition(selector: spec, ...) { | transform[(args)] }
              selector: matrices (2-D+ blocks), vectors (biases), rest (what is left; last), or 'regex' on block names
            Examples:
              adam(lr=1e-3, weight_decay=0.01) | clip_global_norm(1.0)
              sgd(lr=0.1, momentum=0.9, nesterov=true) @ step(every=1000, gamma=0.5)
              rmsprop(0.01) | accumulate(4) | nonfinite(skip) @ linear_decay(tau=500)
              partition(matrices: muon(lr=0.02), rest: adamw(lr=1e-3)) | clip_global_norm(1)
            """;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Optimizers (book form by default; the torch. presets keep the parameters, change the defaults):");
        for (Optimizers.Entry e : Optimizers.all()) {
            print(out, e);
        }
        for (Optimizers.Entry e : Optimizers.presets()) {
            print(out, e);
        }
        out.println();
        out.println("Transforms (after |):");
        for (String line : TransformSpecs.describe()) {
            out.println("  " + line);
        }
        out.println();
        out.println("Schedules (after @):");
        for (String line : ScheduleSpecs.describe()) {
            out.println("  " + line);
        }
        out.println();
        out.print(GRAMMAR);
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, Optimizers.Entry e) {
        out.printf(Locale.ROOT, "  %-18s %s%n", e.name(), e.summary());
        Map<String, List<String>> keys = e.keys();
        for (Optimizers.Param p : e.params()) {
            param(out, p, keys);
        }
        for (Optimizers.Param p : e.options()) {
            param(out, p, keys);
        }
        // keys that set several parameters at once (torch's betas, etas, step_sizes)
        keys.forEach((key, targets) -> {
            if (targets.size() > 1) {
                out.printf(Locale.ROOT, "      %-20s = (%s)%n", key, String.join(", ", targets));
            }
        });
    }

    private static void param(PrintWriter out, Optimizers.Param p, Map<String, List<String>> keys) {
        List<String> also = new ArrayList<>();
        keys.forEach((key, targets) -> {
            if (!key.equals(p.name()) && targets.equals(List.of(p.name()))) {
                also.add(key);
            }
        });
        out.printf(Locale.ROOT, "      %-20s = %-14s %s%s%n", p.name(), p.defaultValue(), p.description(),
                also.isEmpty() ? "" : "  [also " + String.join(", ", also) + "]");
    }
}
