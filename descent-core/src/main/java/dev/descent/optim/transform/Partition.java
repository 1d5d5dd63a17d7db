package dev.descent.optim.transform;

import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Hyper;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parameter groups: each block of the layout is labelled by the first group whose pattern matches
 * its name, and each group has its own optimizer (and so its own hyperparameters and state).
 *
 * <pre>{@code
 * Partition p = Partition.of(
 *     new Partition.Group("no_decay", "b.*", Adam.of(1e-3)),               // biases: no weight decay
 *     new Partition.Group("decay", ".*", DecoupledWeightDecay.of(0.01, Adam.of(1e-3))));
 * }</pre>
 *
 * <p>torch's parameter groups and Optax's {@code multi_transform}. Each group's state is kept
 * under its label ({@code partition/no_decay/…}) over a packed layout of its own blocks, so
 * checkpoints stay keyed by block name. A step gathers each group's parameters and gradient into
 * packed buffers, checks every group, then steps and scatters them, so a refused step changes
 * nothing. Memory: the groups' states plus two scratch vectors of size n (parameters and
 * gradient, packed); the gather/scatter costs three extra passes over the vector.
 *
 * @param groups the groups, matched in order; every block must match one
 */
public record Partition(List<Group> groups) implements Optimizer<Partition.State> {

    /**
     * One parameter group.
     *
     * @param label     a stable name for the group (its state key)
     * @param pattern   a regular expression matched against whole block names
     * @param optimizer the optimizer of this group
     */
    public record Group(String label, String pattern, Optimizer<?> optimizer) {
        public Group {
            if (label == null || label.isBlank() || label.contains("/")) {
                throw new IllegalArgumentException("group label = " + label + " must be non-empty without '/'");
            }
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException | NullPointerException e) {
                throw new IllegalArgumentException("group '" + label + "': pattern = " + pattern
                        + " is not a regular expression");
            }
            Inner.notNull(optimizer);
        }

        boolean matches(String blockName) {
            return Pattern.matches(pattern, blockName);
        }
    }

    public Partition {
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a partition needs at least one group");
        }
        List<String> labels = new ArrayList<>();
        for (Group g : groups) {
            if (labels.contains(g.label())) {
                throw new IllegalArgumentException("two groups are labelled '" + g.label() + "'");
            }
            labels.add(g.label());
        }
    }

    public static Partition of(Group... groups) {
        return new Partition(List.of(groups));
    }

    @Override
    public String name() {
        return "partition";
    }

    /** The label of the group that owns {@code block}. */
    public String labelOf(String block) {
        for (Group g : groups) {
            if (g.matches(block)) {
                return g.label();
            }
        }
        List<String> patterns = new ArrayList<>();
        for (Group g : groups) {
            patterns.add(g.pattern());
        }
        throw new IllegalArgumentException("block '" + block + "' matches no group; patterns are " + patterns);
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout, this);
    }

    @Override
    public double[] evaluationPoint(double[] params, State state) {
        for (Part part : state.parts) {
            part.gather(params, part.params);
            double[] at = Inner.evaluationPoint(part.group.optimizer(), part.params, part.state);
            part.scatter(at, state.evaluation);
        }
        return state.evaluation;
    }

    /** Each group's model point, gathered into a buffer of the state; {@code params} when no group moves it. */
    @Override
    public double[] modelPoint(double[] params, State state) {
        double[] out = null;
        for (Part part : state.parts) {
            part.gather(params, part.params);
            double[] at = Inner.modelPoint(part.group.optimizer(), part.params, part.state);
            if (at != part.params) {
                if (out == null) {
                    out = state.model();
                    System.arraycopy(params, 0, out, 0, params.length);
                }
                part.scatter(at, out);
            }
        }
        return out == null ? params : out;
    }

    @Override
    public void check(double[] params, double[] grad, State state) {
        Hyper.checkStep(name(), k -> 1.0, params, grad, state);
        for (Part part : state.parts) {
            part.gather(params, part.params);
            part.gather(grad, part.grad);
            Inner.check(part.group.optimizer(), part.params, part.grad, part.state);
        }
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        check(params, grad, state); // every group, before any of them changes
        for (Part part : state.parts) {
            Inner.step(part.group.optimizer(), part.params, part.grad, part.state);
            part.scatter(part.params, params);
        }
        state.completed();
    }

    /** One group's blocks, packed layout, buffers and state. */
    static final class Part {
        final Group group;
        final int[] from;
        final int[] to;
        final int[] packedFrom;
        final double[] params;
        final double[] grad;
        final OptimizerState state;

        Part(Group group, List<Block> blocks) {
            this.group = group;
            ParamLayout.Builder b = ParamLayout.builder();
            from = new int[blocks.size()];
            to = new int[blocks.size()];
            packedFrom = new int[blocks.size()];
            int packed = 0;
            for (int i = 0; i < blocks.size(); i++) {
                Block blk = blocks.get(i);
                b.add(blk.name(), blk.shape());
                from[i] = blk.offset();
                to[i] = blk.end();
                packedFrom[i] = packed;
                packed += blk.size();
            }
            ParamLayout sub = b.build();
            params = new double[packed];
            grad = new double[packed];
            state = Inner.init(group.optimizer(), sub);
        }

        void gather(double[] full, double[] out) {
            for (int i = 0; i < from.length; i++) {
                System.arraycopy(full, from[i], out, packedFrom[i], to[i] - from[i]);
            }
        }

        void scatter(double[] packed, double[] full) {
            for (int i = 0; i < from.length; i++) {
                System.arraycopy(packed, packedFrom[i], full, from[i], to[i] - from[i]);
            }
        }
    }

    /** State: one child per group, named by its label, over the group's packed blocks. */
    public static final class State extends OptimizerState {
        final List<Part> parts = new ArrayList<>();
        final double[] evaluation;
        private double[] model; // allocated when a group first has a model point of its own

        double[] model() {
            if (model == null) {
                model = new double[layout().size()];
            }
            return model;
        }

        State(ParamLayout layout, Partition partition) {
            super("partition", layout);
            List<List<Block>> byGroup = new ArrayList<>();
            for (int g = 0; g < partition.groups().size(); g++) {
                byGroup.add(new ArrayList<>());
            }
            for (Block b : layout.blocks()) {
                String label = partition.labelOf(b.name());
                for (int g = 0; g < partition.groups().size(); g++) {
                    if (partition.groups().get(g).label().equals(label)) {
                        byGroup.get(g).add(b);
                    }
                }
            }
            for (int g = 0; g < partition.groups().size(); g++) {
                if (!byGroup.get(g).isEmpty()) {
                    Part part = new Part(partition.groups().get(g), byGroup.get(g));
                    parts.add(part);
                    child(part.group.label(), part.state);
                }
            }
            evaluation = scratch(layout.size());
        }

        /** The state of the group labelled {@code label}. */
        public OptimizerState group(String label) {
            for (Part p : parts) {
                if (p.group.label().equals(label)) {
                    return p.state;
                }
            }
            throw new IllegalArgumentException("no group labelled '" + label + "' owns any block");
        }

        void completed() {
            advance();
        }
    }
}
