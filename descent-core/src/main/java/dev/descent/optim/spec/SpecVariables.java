package dev.descent.optim.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Names that stand for numbers a spec cannot know when it is written: the length of the run it
 * will drive. A training command replaces them before it builds the spec, so that
 * {@code prodigy @ cosine(t_max=total_steps)} anneals over the whole run whatever its epochs and
 * batch size (PyTorch Lightning's {@code estimated_stepping_batches}; Optax and Keras schedules
 * take the count as a number).
 *
 * <pre>{@code
 * String spec = SpecVariables.substitute("adam @ onecycle(total_steps=total_steps)",
 *         Map.of(SpecVariables.TOTAL_STEPS, 18750L));    // "adam @ onecycle(total_steps=18750)"
 * }</pre>
 *
 * The substituted spec is the one that runs, is printed and is stored in checkpoints, so every run
 * stays reproducible from its printed spec. A name left unresolved (a command that does not know
 * the run's length) is refused by the parameter that needed a number, with a hint.
 */
public final class SpecVariables {

    /** The number of optimizer steps of the whole run. */
    public static final String TOTAL_STEPS = "total_steps";

    /** The number of minibatches in one epoch. */
    public static final String STEPS_PER_EPOCH = "steps_per_epoch";

    static final List<String> NAMES = List.of(TOTAL_STEPS, STEPS_PER_EPOCH);

    private SpecVariables() {
    }

    /**
     * {@code spec} with every argument value that is exactly one of the keys of {@code values}
     * replaced by its number; other text (and a spec without those names) is returned as it was.
     *
     * @throws SpecException if {@code spec} does not parse
     */
    public static String substitute(String spec, Map<String, Long> values) {
        SpecNode.Pipeline p = SpecParser.parse(spec);
        List<SpecNode.Word> hits = new ArrayList<>();
        collect(p, values, hits);
        hits.sort(Comparator.comparingInt(SpecNode.Word::position).reversed());
        StringBuilder b = new StringBuilder(spec);
        for (SpecNode.Word w : hits) {
            if (spec.startsWith(w.text(), w.position())) {
                b.replace(w.position(), w.position() + w.text().length(), Long.toString(values.get(w.text())));
            }
        }
        return b.toString();
    }

    private static void collect(SpecNode node, Map<String, Long> values, List<SpecNode.Word> hits) {
        if (node instanceof SpecNode.Pipeline p) { // the whole spec, or a partition group's
            collect(p.optimizer(), values, hits);
            for (SpecNode.Call t : p.transforms()) {
                collect(t, values, hits);
            }
            if (p.schedule() != null) {
                collect(p.schedule(), values, hits);
            }
        } else if (node instanceof SpecNode.Call c) {
            for (SpecNode.Arg a : c.args()) {
                collect(a.value(), values, hits);
            }
        } else if (node instanceof SpecNode.Tuple t) {
            for (SpecNode item : t.items()) {
                collect(item, values, hits);
            }
        } else if (node instanceof SpecNode.Word w && values.containsKey(w.text())) {
            hits.add(w);
        }
    }

    /** The hint for a value that is one of the names but was not replaced, or "". */
    static String hint(String text) {
        return NAMES.contains(text) ? " (" + text + " stands for the run's length; train replaces it, other commands"
                + " need the number)" : "";
    }
}
