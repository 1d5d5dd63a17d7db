package dev.descent.optim;

import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which blocks of a {@link ParamLayout} a per-block transformation applies to: descent's form of
 * Optax's boolean {@code mask} pytrees ({@code weight_decay_mask}, {@code trust_ratio_mask}). A mask
 * is written as text so that a spec can carry it:
 *
 * <pre>
 *   all                 every block (Optax's True / None, the default)
 *   none                no block (Optax's False)
 *   matrices            the blocks with two or more dimensions (Optax's usual
 *                       {@code lambda p: jax.tree.map(lambda x: x.ndim > 1, p)})
 *   W1,W2               the blocks of these names; in a spec {@code mask=(W1, W2)}
 * </pre>
 *
 * A block that the mask leaves out passes through the masked transformation unchanged, as in
 * Optax's {@code masked}. Block names are checked when the optimizer's state is created, against
 * the layout (an unknown name is refused, naming it and the layout's blocks); a block named
 * {@code all}, {@code none} or {@code matrices} cannot be listed by name.
 */
public final class BlockMask {

    /** Every block. */
    public static final String ALL = "all";
    /** No block. */
    public static final String NONE = "none";
    /** Blocks with two or more dimensions. */
    public static final String MATRICES = "matrices";

    private BlockMask() {
    }

    /**
     * Checks the syntax of {@code mask} (for a record's compact constructor).
     *
     * @param parameter the parameter's name, for the message
     * @throws IllegalArgumentException naming the parameter and the value
     */
    public static String check(String parameter, String mask) {
        names(parameter, mask);
        return mask;
    }

    /**
     * One flag per block of {@code layout}: true where the transformation applies.
     *
     * @throws IllegalArgumentException when the mask names a block the layout does not have
     */
    public static boolean[] select(String optimizer, String parameter, String mask, ParamLayout layout) {
        List<Block> blocks = layout.blocks();
        boolean[] on = new boolean[blocks.size()];
        String m = mask.trim();
        if (m.equals(ALL) || m.equals(NONE) || m.equals(MATRICES)) {
            for (int b = 0; b < on.length; b++) {
                on[b] = m.equals(ALL) || (m.equals(MATRICES) && blocks.get(b).shape().length >= 2);
            }
            return on;
        }
        for (String name : names(parameter, mask)) {
            int b = layout.names().indexOf(name);
            if (b < 0) {
                throw new IllegalArgumentException(optimizer + ": " + parameter + " = '" + mask + "' names block '"
                        + name + "', but the layout has blocks " + layout.names());
            }
            on[b] = true;
        }
        return on;
    }

    private static Set<String> names(String parameter, String mask) {
        if (mask == null || mask.isBlank()) {
            throw new IllegalArgumentException(parameter + " must be all, none, matrices or block names, got "
                    + (mask == null ? "null" : "'" + mask + "'"));
        }
        String m = mask.trim();
        Set<String> names = new LinkedHashSet<>();
        if (m.equals(ALL) || m.equals(NONE) || m.equals(MATRICES)) {
            return names;
        }
        List<String> parts = new ArrayList<>(List.of(m.split(",", -1)));
        for (String p : parts) {
            String name = p.trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(parameter + " = '" + mask + "' has an empty block name");
            }
            if (name.equals(ALL) || name.equals(NONE) || name.equals(MATRICES)) {
                throw new IllegalArgumentException(parameter + " = '" + mask + "' mixes '" + name
                        + "' with block names");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(parameter + " = '" + mask + "' names block '" + name + "' twice");
            }
        }
        return names;
    }
}
