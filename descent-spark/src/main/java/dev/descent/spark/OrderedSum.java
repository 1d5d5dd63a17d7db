package dev.descent.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The sum of per-partition results (a gradient vector, a loss sum, a count of correct rows, a row
 * count) in one fixed order, whatever order Spark delivers them in: the binary tree over partition
 * indices 0 … P−1, each node the sum of its left child and its right child, in that order.
 *
 * <pre>
 *   leaf p                         = partition p's result
 *   node (level ℓ, index k)        = node (ℓ−1, 2k) + node (ℓ−1, 2k+1)     (left first)
 *                                  = node (ℓ−1, 2k) unchanged when 2k+1 starts at or past P
 *   root                           = node (⌈log₂ P⌉, 0)
 * </pre>
 *
 * <p>Why: {@code treeAggregate} and {@code fold} combine results as tasks finish, and floating-point
 * addition is not associative, so a plain sum would change in the last bits from run to run (and when
 * a failed task is retried). Here a node is formed only when both children are complete, so every
 * addition is fixed by the tree: the result is bit for bit the same for any arrival order, any retry
 * and any tree depth. {@link #merge} is associative and commutative as Spark requires, and may modify
 * and return its first argument.
 */
final class OrderedSum implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One node: its rows' gradient sum (null: all zero), loss sum, correct rows and row count. */
    static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;
        double[] grad;
        double lossSum;
        long correct;
        long rows;

        Node(double[] grad, double lossSum, long correct, long rows) {
            this.grad = grad;
            this.lossSum = lossSum;
            this.correct = correct;
            this.rows = rows;
        }

        /** left + right, element by element, in that order; consumes both. */
        static Node add(Node left, Node right) {
            double[] g;
            if (left.grad == null) {
                g = right.grad;
            } else if (right.grad == null) {
                g = left.grad;
            } else {
                g = left.grad;
                double[] r = right.grad;
                for (int i = 0; i < g.length; i++) {
                    g[i] += r[i];
                }
            }
            return new Node(g, left.lossSum + right.lossSum, left.correct + right.correct, left.rows + right.rows);
        }
    }

    private final int partitions;
    /** Complete nodes not yet joined with their sibling, by key(level, index). */
    private final Map<Long, Node> pending = new HashMap<>();

    private OrderedSum(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions = " + partitions + " must be >= 1");
        }
        this.partitions = partitions;
    }

    /** The empty sum over {@code partitions} partitions: Spark's zero value. */
    static OrderedSum empty(int partitions) {
        return new OrderedSum(partitions);
    }

    /** The sum holding partition {@code p}'s result alone. */
    static OrderedSum leaf(int partitions, int p, double[] grad, double lossSum, long correct, long rows) {
        OrderedSum s = new OrderedSum(partitions);
        if (p < 0 || p >= partitions) {
            throw new IllegalArgumentException("partition " + p + " outside [0, " + partitions + ")");
        }
        s.insert(0, p, new Node(grad, lossSum, correct, rows));
        return s;
    }

    /** a + b: b's nodes joined into a; returns a. */
    static OrderedSum merge(OrderedSum a, OrderedSum b) {
        if (a.partitions != b.partitions) {
            throw new IllegalArgumentException("sums over " + a.partitions + " and " + b.partitions + " partitions");
        }
        for (Map.Entry<Long, Node> e : b.pending.entrySet()) {
            long k = e.getKey();
            a.insert((int) (k >>> 32), (int) k, e.getValue());
        }
        b.pending.clear();
        return a;
    }

    /** The root: every partition's result added in tree order. */
    Node total() {
        int top = levels();
        Node root = pending.get(key(top, 0));
        if (root == null || pending.size() != 1) {
            throw new IllegalStateException("the sum is incomplete: " + pending.size() + " pending nodes of "
                    + partitions + " partitions");
        }
        return root;
    }

    private int levels() {
        int l = 0;
        while ((1L << l) < partitions) {
            l++;
        }
        return l;
    }

    private void insert(int level, int index, Node node) {
        int top = levels();
        while (level < top) {
            int sibling = index ^ 1;
            if (((long) sibling << level) >= partitions) {
                // no right sibling: the node covers the rest of the partitions and moves up unchanged
                level++;
                index >>= 1;
                continue;
            }
            Node other = pending.remove(key(level, sibling));
            if (other == null) {
                break;
            }
            node = (index & 1) == 0 ? Node.add(node, other) : Node.add(other, node);
            level++;
            index >>= 1;
        }
        if (pending.putIfAbsent(key(level, index), node) != null) {
            throw new IllegalStateException("partition range (level " + level + ", index " + index
                    + ") was added twice");
        }
    }

    private static long key(int level, int index) {
        return ((long) level << 32) | (index & 0xffffffffL);
    }
}
