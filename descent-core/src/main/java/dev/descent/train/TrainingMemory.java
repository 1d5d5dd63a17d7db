package dev.descent.train;

import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Optimizer;
import java.util.List;

/**
 * How many doubles training a layout with an optimizer keeps, counted before anything of that size
 * is allocated, so that a run which cannot fit is refused up front: θ, the gradient and the
 * {@link Trainer}'s undo copy of θ (3n), plus the optimizer's state and its undo copy (2s). A lower
 * bound: a model's tape needs more per batch, so a refused run could never have finished.
 */
public final class TrainingMemory {

    private TrainingMemory() {
    }

    /**
     * 3n + 2s doubles for {@code layout} (n parameters) and {@code optimizer} (s state doubles).
     *
     * @throws IllegalArgumentException if the optimizer refuses even a tiny copy of the layout
     */
    public static long doubles(Optimizer<?> optimizer, ParamLayout layout) {
        return 3L * layout.size() + 2 * stateDoubles(optimizer, layout);
    }

    /**
     * The doubles of {@code optimizer}'s state for {@code layout}, from states for copies of the
     * layout with tiny blocks (same names, so per-block optimizers apply): a state's buffers grow
     * linearly with each block's size, s = s₀ + Σ_b k_b·(size_b − 1).
     *
     * @throws IllegalArgumentException if the optimizer refuses even a tiny copy of the layout
     */
    public static long stateDoubles(Optimizer<?> optimizer, ParamLayout layout) {
        List<Block> blocks = layout.blocks();
        long base = optimizer.stateDoubles(tiny(blocks, -1));
        long total = base;
        for (int b = 0; b < blocks.size(); b++) {
            long perElement = optimizer.stateDoubles(tiny(blocks, b)) - base;
            total += perElement * (blocks.get(b).size() - 1L);
        }
        return total;
    }

    /** The blocks of {@code blocks} with one element each, block {@code two} with two. */
    private static ParamLayout tiny(List<Block> blocks, int two) {
        ParamLayout.Builder b = ParamLayout.builder();
        for (int i = 0; i < blocks.size(); i++) {
            b.add(blocks.get(i).name(), i == two ? 2 : 1);
        }
        return b.build();
    }
}
