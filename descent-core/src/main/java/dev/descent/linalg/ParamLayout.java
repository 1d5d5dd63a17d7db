package dev.descent.linalg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The layout of one flat parameter vector: an ordered list of named, shaped {@link Block}s that
 * tile {@code [0, size())} without gaps. Gradients, optimizer moments and checkpoints share the
 * layout of the parameters they belong to.
 *
 * <pre>{@code
 * ParamLayout layout = ParamLayout.builder().add("W1", 784, 128).add("b1", 128).build();
 * double[] theta = new double[layout.size()];
 * }</pre>
 *
 * @param blocks the blocks, in order, contiguous from offset 0
 */
public record ParamLayout(List<Block> blocks) {

    public ParamLayout {
        blocks = List.copyOf(blocks);
        Set<String> names = new HashSet<>();
        int expected = 0;
        for (Block b : blocks) {
            if (!names.add(b.name())) {
                throw new IllegalArgumentException("layout has two blocks named '" + b.name() + "'");
            }
            if (b.offset() != expected) {
                throw new IllegalArgumentException("block '" + b.name() + "' starts at " + b.offset()
                        + " but the previous block ends at " + expected + " (blocks must be contiguous)");
            }
            expected = b.end();
        }
    }

    /** A layout of one block named {@code theta} with {@code n} elements. */
    public static ParamLayout flat(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("size = " + n + " must be > 0");
        }
        return new ParamLayout(List.of(new Block("theta", 0, new int[] {n})));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Total number of parameters. */
    public int size() {
        return blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).end();
    }

    /** The block that holds flat index {@code index}. */
    public Block blockAt(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " is outside [0, " + size() + ")");
        }
        int lo = 0;
        int hi = blocks.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (blocks.get(mid).offset() <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return blocks.get(lo);
    }

    /** The block with this name. */
    public Block block(String name) {
        for (Block b : blocks) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("layout has no block named '" + name + "'; blocks are " + names());
    }

    public List<String> names() {
        List<String> out = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            out.add(b.name());
        }
        return out;
    }

    /** Describes a flat index for error messages, e.g. {@code "W1[3] (flat index 3)"}. */
    public String describe(int index) {
        Block b = blockAt(index);
        return b.name() + "[" + (index - b.offset()) + "] (flat index " + index + ")";
    }

    /** Builds a layout block by block; offsets are assigned in order. */
    public static final class Builder {
        private final List<Block> blocks = new ArrayList<>();
        private int offset;

        /**
         * Appends a block at the current end.
         *
         * @throws IllegalArgumentException if a dimension is not positive, or if the layout would
         *                                  hold more than 2<sup>31</sup>−1 parameters (one Java array),
         *                                  with the count as a {@code long}
         */
        public Builder add(String name, int... shape) {
            long n = 1;
            for (int d : shape) {
                n *= Math.max(d, 1); // a dimension <= 0 is refused by Block
                if (n > Integer.MAX_VALUE) {
                    break;
                }
            }
            if (offset + n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("layout: block '" + name + "' " + Arrays.toString(shape)
                        + " would end at parameter " + (offset + n) + ", beyond the 2^31-1 = " + Integer.MAX_VALUE
                        + " elements a Java array holds");
            }
            Block b = new Block(name, offset, shape);
            blocks.add(b);
            offset = b.end();
            return this;
        }

        public ParamLayout build() {
            if (blocks.isEmpty()) {
                throw new IllegalArgumentException("a layout needs at least one block");
            }
            return new ParamLayout(blocks);
        }
    }
}
