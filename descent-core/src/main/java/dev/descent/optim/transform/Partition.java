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
 * Parameter groups: each block of the layout is labelled by the first group whose selector matches
 * it, and each group has its own optimizer (and so its own hyperparameters and state).
 *
 * <pre>{@code
 * Partition p = Partition.of(
 *     new Partition.Group("matrices", Partition.Selector.MATRICES, Muon.of(0.02)),    // weight matrices
 *     new Partition.Group("rest", Partition.Selector.REST, AdamW.defaults()));         // biases and the rest
 * Partition q = Partition.of(
 *     new Partition.Group("no_decay", "b.*", Adam.of(1e-3)),               // biases: no weight decay
 *     new Partition.Group("decay", ".*", DecoupledWeightDecay.of(0.01, Adam.of(1e-3))));
 * }</pre>
 *
 * <p>In a spec: {@code partition(matrices: muon(lr=0.02), rest: adamw(lr=3e-4))}; each group is
 * {@code selector: spec}, where the spec is a whole optimizer spec (transforms and schedule
 * included) and the selector one of {@code matrices} (blocks of two or more dimensions),
 * {@code vectors} (biases and scalars), {@code rest} (every block no earlier group took; last only)
 * or a quoted regular expression on block names ({@code 'b.*'}).
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
     * Which blocks a group takes.
     *
     * @param kind    by shape, by name, or the rest
     * @param pattern for {@link Kind#NAMES}: a regular expression matched against whole block names; else null
     */
    public record Selector(Kind kind, String pattern) {

        /** The kinds of selector. */
        public enum Kind {
            /** Blocks with two or more dimensions (weight matrices). */
            MATRICES,
            /** Blocks with at most one dimension (biases, scalars). */
            VECTORS,
            /** Every block (last group only: the blocks no earlier group took). */
            REST,
            /** Blocks whose whole name matches {@link #pattern}. */
            NAMES
        }

        /** Blocks of two or more dimensions. */
        public static final Selector MATRICES = new Selector(Kind.MATRICES, null);
        /** Blocks of at most one dimension. */
        public static final Selector VECTORS = new Selector(Kind.VECTORS, null);
        /** Every block not taken by an earlier group. */
        public static final Selector REST = new Selector(Kind.REST, null);

        public Selector {
            if (kind == null) {
                throw new IllegalArgumentException("selector kind must not be null");
            }
            if (kind == Kind.NAMES) {
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException | NullPointerException e) {
                    throw new IllegalArgumentException("pattern = " + pattern + " is not a regular expression");
                }
            } else if (pattern != null) {
                throw new IllegalArgumentException(kind + " takes no pattern, got " + pattern);
            }
        }

        /** Blocks whose whole name matches {@code regex}. */
        public static Selector names(String regex) {
            return new Selector(Kind.NAMES, regex);
        }

        boolean matches(Block b) {
            return switch (kind) {
                case MATRICES -> b.shape().length >= 2;
                case VECTORS -> b.shape().length <= 1;
                case REST -> true;
                case NAMES -> Pattern.matches(pattern, b.name());
            };
        }

        /** As written in a spec: {@code matrices}, {@code vectors}, {@code rest} or {@code 'regex'}. */
        @Override
        public String toString() {
            return kind == Kind.NAMES ? "'" + pattern + "'" : kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One parameter group.
     *
     * @param label     a stable name for the group (its state key)
     * @param selector  the blocks it takes
     * @param optimizer the optimizer of this group
     */
    public record Group(String label, Selector selector, Optimizer<?> optimizer) {
        public Group {
            if (label == null || label.isBlank() || label.contains("/")) {
                throw new IllegalArgumentException("group label = " + label + " must be non-empty without '/'");
            }
            if (selector == null) {
                throw new IllegalArgumentException("group '" + label + "': selector must not be null");
            }
            Inner.notNull(optimizer);
        }

        /**
         * A group of the blocks whose whole name matches {@code pattern}.
         *
         * @throws IllegalArgumentException if {@code pattern} is not a regular expression
         */
        public Group(String label, String pattern, Optimizer<?> optimizer) {
            this(label, namesSelector(label, pattern), optimizer);
        }

        private static Selector namesSelector(String label, String pattern) {
            try {
                return Selector.names(pattern);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("group '" + label + "': " + e.getMessage());
            }
        }

        boolean matches(Block block) {
            return selector.matches(block);
        }
    }

    public Partition {
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a partition needs at least one group");
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            if (labels.contains(g.label())) {
                throw new IllegalArgumentException("two groups are labelled '" + g.label() + "'");
            }
            if (g.selector().kind() == Selector.Kind.REST && i != groups.size() - 1) {
                throw new IllegalArgumentException("group '" + g.label() + "': rest takes what no earlier group took,"
                        + " so it must be the last group");
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

    /** The label of the group that owns {@code block}: the first whose selector matches it. */
    public String labelOf(Block block) {
        for (Group g : groups) {
            if (g.matches(block)) {
                return g.label();
            }
        }
        List<String> selectors = new ArrayList<>();
        for (Group g : groups) {
            selectors.add(g.selector().toString());
        }
        throw new IllegalArgumentException("block '" + block.name() + "' matches no group (its shape is "
                + java.util.Arrays.toString(block.shape()) + "); the groups select " + selectors);
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
                String label = partition.labelOf(b);
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
