package dev.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OrderedSumTest {

    /** Values whose sum depends on the order of the additions. */
    static double[] vector(int p) {
        Random r = new Random(p);
        double[] v = new double[5];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian() * Math.pow(10, r.nextInt(17) - 8);
        }
        return v;
    }

    /** The tree sum, written out: (left + right) at every node, left first. */
    static double[] tree(int from, int to) {
        if (to - from == 1) {
            return vector(from);
        }
        int width = 1;
        while (width < to - from) {
            width <<= 1;
        }
        int mid = from + width / 2;
        double[] a = tree(from, mid);
        if (mid >= to) {
            return a;
        }
        double[] b = tree(mid, to);
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    @Property(tries = 200)
    void anyArrivalOrderAndGroupingGivesTheTreeSumBitForBit(@ForAll @IntRange(min = 1, max = 40) int partitions,
            @ForAll long shuffle) {
        List<OrderedSum> leaves = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            leaves.add(OrderedSum.leaf(partitions, p, vector(p), p * 0.1, p, p + 1));
        }
        Random r = new Random(shuffle);
        Collections.shuffle(leaves, r);
        // merge random neighbours until one is left, as treeAggregate's levels and fold would
        while (leaves.size() > 1) {
            int i = r.nextInt(leaves.size() - 1);
            OrderedSum merged = r.nextBoolean() ? OrderedSum.merge(leaves.get(i), leaves.get(i + 1))
                    : OrderedSum.merge(leaves.get(i + 1), leaves.get(i));
            leaves.set(i, merged);
            leaves.remove(i + 1);
        }
        OrderedSum.Node total = OrderedSum.merge(OrderedSum.empty(partitions), leaves.get(0)).total();
        assertThat(total.grad).isEqualTo(tree(0, partitions));
        long rows = 0;
        for (int p = 0; p < partitions; p++) {
            rows += p + 1;
        }
        assertThat(total.rows).isEqualTo(rows);
        assertThat(total.correct).isEqualTo((long) partitions * (partitions - 1) / 2);
    }

    @Test
    void anIncompleteOrDoubledSumIsRefused() {
        OrderedSum a = OrderedSum.merge(OrderedSum.leaf(3, 0, vector(0), 0, 0, 1), OrderedSum.leaf(3, 2, null, 0, 0, 1));
        assertThatThrownBy(a::total).isInstanceOf(IllegalStateException.class).hasMessageContaining("incomplete");
        assertThatThrownBy(() -> OrderedSum.merge(a, OrderedSum.leaf(3, 0, vector(0), 0, 0, 1)))
                .hasMessageContaining("added twice");
        assertThatThrownBy(() -> OrderedSum.leaf(3, 3, null, 0, 0, 1)).hasMessageContaining("partition 3 outside");
    }

    @Test
    void emptyPartitionsAddNothing() {
        OrderedSum s = OrderedSum.merge(OrderedSum.leaf(2, 1, null, 0, 0, 0), OrderedSum.leaf(2, 0, vector(0), 1, 1, 3));
        assertThat(s.total().grad).isEqualTo(vector(0));
    }
}
