package dev.descent.optim.spec;

import dev.descent.optim.HasLearningRate;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.optim.RecordCopier;
import dev.descent.optim.schedule.OneCycle;
import dev.descent.optim.transform.Partition;
import dev.descent.optim.transform.ScheduledHyperparameters;
import dev.descent.optim.schedule.Constant;
import dev.descent.optim.schedule.Schedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a configured optimizer from text, for command lines and config files:
 *
 * <pre>
 *   adam                                          Adam with its defaults
 *   adam(0.01)                                    the first positional argument is the learning rate
 *   adamw(lr=1e-3, weight_decay=0.01) | clip_global_norm(1.0)
 *   sgd(lr=0.1, momentum=0.9, nesterov=true) @ step(every=1000, gamma=0.5)
 *   adam(betas=(0.9, 0.99)) | accumulate(4) | nonfinite(skip)
 *   partition(matrices: muon(lr=0.02), rest: adamw(lr=3e-4)) | clip_global_norm(1)
 * </pre>
 *
 * <p>The grammar is in {@link SpecParser}. Meaning:
 * <ul>
 *   <li>The first call names an optimizer of {@link Optimizers} (or a {@code torch.} preset).
 *       Keys are the record's names ({@code learningRate}), their snake_case forms
 *       ({@code weight_decay}) or torch's names ({@code lr}, {@code betas}, RMSprop's
 *       {@code alpha}). {@code sgd} takes torch's {@code momentum}, {@code dampening} and
 *       {@code nesterov} (torch's conventions); the book's forms are {@code momentum} and
 *       {@code nesterov}.</li>
 *   <li>Each {@code | t} wraps everything to its left: {@code adam | clip_global_norm(1) | accumulate(4)}
 *       accumulates 4 raw gradients, clips their mean, then steps Adam. See {@link TransformSpecs}.</li>
 *   <li>{@code @ s} makes the optimizer's learning rate the schedule {@code s}, started from the
 *       optimizer's own learning rate ε₀. See {@link ScheduleSpecs}.</li>
 *   <li>{@code partition(selector: spec, ...)} gives each group of blocks its own spec (a whole
 *       one: transforms and schedule included), matched in order: {@code matrices} (blocks of
 *       two or more dimensions), {@code vectors} (at most one), {@code rest} (what is left; last
 *       only) or a quoted regular expression on block names ({@code 'b.*'}). Every block must fall
 *       in a group, which {@link Partition} checks against the layout when the state is created.
 *       Transforms after the partition wrap the whole of it; a schedule goes inside each group.</li>
 * </ul>
 * Every error is a {@link SpecException} naming the offending token and its position.
 */
public final class OptimizerSpec {

    private OptimizerSpec() {
    }

    /** Parses and builds {@code spec}. */
    public static Optimizer<?> build(String spec) {
        return build(spec, SpecParser.parse(spec));
    }

    private static Optimizer<?> build(String spec, SpecNode.Pipeline p) {
        Optimizer<?> opt = p.optimizer().name().equals(SpecParser.PARTITION) && isPartition(p.optimizer())
                ? partition(spec, p.optimizer())
                : optimizer(spec, p.optimizer());
        if (p.schedule() != null) {
            opt = schedule(spec, p.schedule(), opt);
        }
        for (SpecNode.Call t : p.transforms()) {
            TransformSpecs.Entry e = TransformSpecs.get(t.name());
            if (e == null) {
                String hint = Optimizers.names().contains(t.name()) ? " (an optimizer can only come first)" : "";
                throw new SpecException(spec, t.position(), "unknown transform '" + t.name() + "'" + hint
                        + "; known: " + String.join(", ", TransformSpecs.names()));
            }
            opt = wrap(spec, t, e, opt);
        }
        return opt;
    }

    private static boolean isPartition(SpecNode.Call call) {
        return !call.args().isEmpty() && call.args().get(0).value() instanceof SpecNode.Pipeline;
    }

    /**
     * {@code partition(selector: spec, ...)}: one {@link Partition.Group} per group, labelled by its
     * selector ({@code matrices}, {@code vectors}, {@code rest}, or the regular expression without
     * quotes).
     */
    private static Optimizer<?> partition(String spec, SpecNode.Call call) {
        List<Partition.Group> groups = new ArrayList<>();
        for (SpecNode.Arg a : call.args()) {
            String key = a.key();
            Partition.Selector selector;
            String label;
            try {
                if (key.startsWith("'") || key.startsWith("\"")) {
                    label = key.substring(1, key.length() - 1);
                    selector = Partition.Selector.names(label);
                    if (label.isBlank() || label.contains("/")) {
                        throw new IllegalArgumentException("the selector " + key
                                + " labels its group's state, so it must not be blank and have no '/'");
                    }
                } else {
                    selector = switch (key) {
                        case "matrices" -> Partition.Selector.MATRICES;
                        case "vectors" -> Partition.Selector.VECTORS;
                        case "rest" -> Partition.Selector.REST;
                        default -> throw new IllegalArgumentException("unknown group selector '" + key
                                + "'; known: matrices, vectors, rest, or a quoted regular expression on block names"
                                + " ('b.*')");
                    };
                    label = key;
                }
            } catch (IllegalArgumentException x) {
                throw new SpecException(spec, a.position(), "partition: " + x.getMessage());
            }
            Optimizer<?> inner = build(spec, (SpecNode.Pipeline) a.value());
            for (Partition.Group g : groups) {
                if (g.label().equals(label)) {
                    throw new SpecException(spec, a.position(), "partition: two groups select " + key);
                }
            }
            if (!groups.isEmpty() && groups.get(groups.size() - 1).selector().kind() == Partition.Selector.Kind.REST) {
                throw new SpecException(spec, a.position(), "partition: rest takes every block left, so it must be"
                        + " the last group");
            }
            try {
                groups.add(new Partition.Group(label, selector, inner));
            } catch (IllegalArgumentException x) {
                throw new SpecException(spec, a.position(), "partition: " + x.getMessage());
            }
        }
        try {
            return new Partition(groups);
        } catch (IllegalArgumentException x) {
            throw new SpecException(spec, call.position(), "partition: " + x.getMessage());
        }
    }

    private static Optimizer<?> wrap(String spec, SpecNode.Call call, TransformSpecs.Entry e, Optimizer<?> inner) {
        Args args = new Args(spec, call, e.params());
        try {
            return e.factory().wrap(args, inner);
        } catch (SpecException x) {
            throw x;
        } catch (IllegalArgumentException | ArithmeticException x) {
            throw new SpecException(spec, call.position(), call.name() + ": " + x.getMessage());
        }
    }

    private static Optimizer<?> optimizer(String spec, SpecNode.Call call) {
        Optimizers.Entry entry;
        for (SpecNode.Arg a : call.args()) {
            if (a.value() instanceof SpecNode.Pipeline) {
                throw new SpecException(spec, a.position(), call.name() + ": a group spec 'selector: spec' belongs"
                        + " in partition(...)");
            }
        }
        try {
            entry = Optimizers.get(call.name());
        } catch (IllegalArgumentException x) {
            String hint = TransformSpecs.get(call.name()) != null ? " (a transform goes after '|')" : "";
            throw new SpecException(spec, call.position(), x.getMessage() + hint);
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> where = new LinkedHashMap<>();
        int positional = 0;
        for (SpecNode.Arg a : call.args()) {
            String key = a.key();
            if (key == null) {
                if (positional++ > 0) {
                    throw new SpecException(spec, a.position(),
                            call.name() + " takes one positional argument (the learning rate); name the others");
                }
                key = "learningRate";
            }
            if (values.put(key, text(spec, call.name(), key, a)) != null) {
                throw new SpecException(spec, a.position(), call.name() + ": " + key + " is given twice");
            }
            where.put(key, a.position());
            try {
                for (String component : entry.resolve(key)) { // so errors about learningRate point at lr=
                    where.putIfAbsent(component, a.position());
                }
            } catch (IllegalArgumentException unknown) {
                // reported by create() below, at this argument
            }
        }
        try {
            return entry.create(values);
        } catch (IllegalArgumentException x) {
            int pos = call.position();
            for (Map.Entry<String, Integer> w : where.entrySet()) {
                String k = w.getKey();
                if (x.getMessage().contains("'" + k + "'") || x.getMessage().contains(" " + k + " =")
                        || x.getMessage().contains(": " + k + " ")) {
                    pos = w.getValue();
                    break;
                }
            }
            throw new SpecException(spec, pos, x.getMessage());
        }
    }

    private static String text(String spec, String call, String key, SpecNode.Arg a) {
        if (a.value() instanceof SpecNode.Word w) {
            return w.text();
        }
        if (a.value() instanceof SpecNode.Tuple t) {
            StringBuilder b = new StringBuilder();
            for (SpecNode item : t.items()) {
                if (!(item instanceof SpecNode.Word w)) {
                    throw new SpecException(spec, item.position(), call + ": " + key + " must hold plain values");
                }
                b.append(b.length() == 0 ? "" : ",").append(w.text());
            }
            return b.toString();
        }
        throw new SpecException(spec, a.position(), call + ": " + key + " must be a value, not a call");
    }

    private static Optimizer<?> schedule(String spec, SpecNode.Call call, Optimizer<?> opt) {
        if (!(opt instanceof HasLearningRate h) || !(h.learningRate() instanceof Constant c)) {
            throw new SpecException(spec, call.position(), opt.name() + " has no constant learning rate to schedule");
        }
        Schedule s = ScheduleSpecs.build(spec, call, c.value());
        Optimizer<?> scheduled = h.withLearningRate(s);
        if (s instanceof OneCycle cycle && cycles(spec, call)) {
            // torch's cycle_momentum: β₁ of Adam-like rules, else SGD's momentum
            Map<String, Schedule> cycled = new LinkedHashMap<>();
            List<String> components = RecordCopier.forObject("optimizer", scheduled).components();
            if (components.contains("beta1")) {
                cycled.put("beta1", cycle.momentum());
            } else if (components.contains("momentum")) {
                cycled.put("momentum", cycle.momentum());
            } else {
                throw new SpecException(spec, call.position(), "onecycle: " + opt.name()
                        + " has neither beta1 nor momentum to cycle; add cycle_momentum=false");
            }
            return ScheduledHyperparameters.of(scheduled, cycled);
        }
        return scheduled;
    }

    private static boolean cycles(String spec, SpecNode.Call call) {
        for (SpecNode.Arg a : call.args()) {
            if ("cycle_momentum".equals(a.key()) && a.value() instanceof SpecNode.Word w) {
                if (!w.text().equals("true") && !w.text().equals("false")) {
                    throw new SpecException(spec, a.position(), "onecycle: cycle_momentum = '" + w.text()
                            + "' is not true or false");
                }
                return w.text().equals("true");
            }
        }
        return true;
    }
}
