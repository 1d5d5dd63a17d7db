package dev.descent.autodiff;

/** Shape rules shared by the elementwise binary primitives {@link Add}, {@link Sub}, {@link Mul}, {@link Div}. */
final class Elementwise {

    private Elementwise() {
    }

    /**
     * The result shape of a binary elementwise op: the common shape when both are equal, else the
     * shape of the non-scalar operand when the other is a scalar (rank 0).
     */
    static int[] shape(String op, Tensor a, Tensor b) {
        if (a.sameShape(b) || b.rank() == 0) {
            return a.shape();
        }
        if (a.rank() == 0) {
            return b.shape();
        }
        throw new IllegalArgumentException(op + ": " + a.shapeString() + " and " + b.shapeString()
                + ": shapes differ (operands need the same shape, or one must be a scalar []; "
                + "to add a row vector to every row use addBias)");
    }

    /** Index step of an operand in a loop over n result elements: 1, or 0 for a broadcast scalar. */
    static int step(Tensor t, int n) {
        return t.size() == n ? 1 : 0;
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
