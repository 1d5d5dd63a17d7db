package dev.descent.spark;

import dev.descent.nn.Mode;
import java.io.Serializable;

/**
 * What one round sends to every partition, as one broadcast: the point θ, the batch's training rows
 * in batch order (null: every row, for an evaluation or a full-batch objective), the batch size and
 * the mode (dropout seed).
 */
final class Round implements Serializable {

    private static final long serialVersionUID = 1L;

    final long number;
    final double[] theta;
    final int[] rows;
    final int batchRows;
    final boolean train;
    final long seed;

    Round(long number, double[] theta, int[] rows, int batchRows, Mode mode) {
        this.number = number;
        this.theta = theta;
        this.rows = rows;
        this.batchRows = batchRows;
        this.train = mode instanceof Mode.Train;
        this.seed = mode instanceof Mode.Train t ? t.seed() : 0;
    }

    Mode mode() {
        return train ? Mode.train(seed) : Mode.EVAL;
    }
}
