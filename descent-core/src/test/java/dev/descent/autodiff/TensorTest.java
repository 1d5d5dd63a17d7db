package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.linalg.ParamLayout;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void aBlockViewIsZeroCopy() {
        ParamLayout layout = ParamLayout.builder().add("W", 2, 3).add("b", 3).add("s").build();
        double[] theta = new double[layout.size()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = i;
        }
        Tensor w = Tensor.view(theta, layout.block("W"));
        Tensor b = Tensor.view(theta, layout.block("b"));
        Tensor s = Tensor.view(theta, layout.block("s"));
        assertThat(w.shape()).containsExactly(2, 3);
        assertThat(w.get(1, 2)).isEqualTo(5);
        assertThat(b.toArray()).containsExactly(6, 7, 8);
        assertThat(s.rank()).isZero();
        assertThat(s.item()).isEqualTo(9);
        assertThat(b.data()).isSameAs(theta);
        assertThat(b.offset()).isEqualTo(6);
        theta[7] = -1;
        assertThat(b.get(1)).as("a view sees θ as it is now").isEqualTo(-1);
    }

    @Test
    void factoriesCopyAndValidate() {
        double[] v = {1, 2, 3, 4};
        Tensor t = Tensor.of(new int[] {2, 2}, v);
        v[0] = 99;
        assertThat(t.get(0)).isEqualTo(1);
        assertThat(t).hasToString("[2, 2] [1.0, 2.0, 3.0, 4.0]");
        assertThat(Tensor.scalar(2)).hasToString("[] [2.0]");
        assertThatThrownBy(() -> Tensor.zeros(2, 3, 4)).hasMessageContaining("rank 3")
                .hasMessageContaining("rank 0, 1 or 2");
        assertThatThrownBy(() -> Tensor.of(new int[] {2, 2}, 1, 2, 3)).hasMessage(
                "tensor of shape [2, 2] needs 4 values, got 3");
        assertThatThrownBy(() -> Tensor.zeros(0)).hasMessageContaining("dimension <= 0");
        assertThatThrownBy(() -> Tensor.matrix(new double[][] {{1, 2}, {3}})).hasMessageContaining(
                "row 1 has length 1 but row 0 has length 2");
        assertThatThrownBy(() -> Tensor.view(new double[5], 3, 3)).hasMessageContaining("does not fit");
        ParamLayout cube = ParamLayout.builder().add("cube", 2, 2, 2).build();
        assertThatThrownBy(() -> Tensor.view(new double[8], cube.block("cube"))).hasMessageContaining(
                "autodiff tensors have rank 0, 1 or 2");
        assertThatThrownBy(() -> Tensor.zeros(3).item()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Tensor.zeros(3).get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aViewAtAnOffsetFeedsEveryOpCorrectly() {
        // the same values at offset 0 and at offset 5 of a larger array give the same results
        double[] padded = {9, 9, 9, 9, 9, 1, 2, 3, 4, 5, 6};
        Tensor shifted = Tensor.view(padded, 5, 2, 3);
        Tensor plain = Tensor.of(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Tape t = new Tape();
        Var a = t.variable(shifted);
        Var b = t.variable(plain);
        Var w = t.constant(Tensor.of(new int[] {3, 2}, 1, -1, 2, 0, 0.5, 3));
        Var la = a.matmul(w).tanh().sum().add(a.logSumExp(1).sum()).add(a.max(0).sum()).add(a.transpose().sum(1).sum());
        Var lb = b.matmul(w).tanh().sum().add(b.logSumExp(1).sum()).add(b.max(0).sum()).add(b.transpose().sum(1).sum());
        assertThat(la.item()).isEqualTo(lb.item());
        assertThat(t.grad(la, a)[0].toArray()).containsExactly(t.grad(lb, b)[0].toArray());
    }
}
