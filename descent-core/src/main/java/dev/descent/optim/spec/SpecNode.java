package dev.descent.optim.spec;

import java.util.List;

/** The syntax tree of a spec: what {@link SpecParser} reads, before names are resolved. */
public sealed interface SpecNode {

    /** Where the node starts in the spec (0-based). */
    int position();

    /**
     * {@code name(args)}, e.g. {@code adamw(lr=1e-3, weight_decay=0.01)}.
     *
     * @param name     lower-case name, dots allowed ({@code torch.adam})
     * @param args     the arguments in order
     * @param position where the name starts
     */
    record Call(String name, List<Arg> args, int position) implements SpecNode {
    }

    /**
     * One argument, {@code key=value} or a positional value ({@code key} null).
     *
     * @param key      the key, or null
     * @param value    the value
     * @param position where the argument starts
     */
    record Arg(String key, SpecNode value, int position) implements SpecNode {
    }

    /**
     * A scalar as written: a number, {@code true}/{@code false}, or a bare word.
     *
     * @param text     the token
     * @param position where it starts
     */
    record Word(String text, int position) implements SpecNode {
    }

    /**
     * {@code (a, b, …)}, e.g. {@code betas=(0.9, 0.999)}.
     *
     * @param items    the values
     * @param position where it starts
     */
    record Tuple(List<SpecNode> items, int position) implements SpecNode {
    }

    /**
     * A whole spec: an optimizer (or a partition: a call named {@code partition} whose arguments
     * are keyed by their selectors and hold pipelines), the transforms that wrap it, and an
     * optional schedule.
     *
     * @param optimizer  the first call
     * @param transforms calls after {@code |}, innermost first
     * @param schedule   the call after {@code @}, or null
     * @param position   where it starts: 0 for a whole spec, the group's spec in a partition
     */
    record Pipeline(Call optimizer, List<Call> transforms, Call schedule, int position) implements SpecNode {
    }
}
