package dev.descent.autodiff;

/**
 * How a reduction ({@link Sum}, {@link Max}, {@link LogSumExp}) walks its input: {@code groups}
 * outputs, each over {@code length} inputs; input (g, t) is at {@code g·groupStride + t·stride}
 * from the tensor's offset.
 *
 * <pre>
 *   axis ALL, or the only axis of a vector:  one group of every element   →  shape []
 *   axis 1 of [m, n]:                        m groups (rows), stride 1     →  shape [m]
 *   axis 0 of [m, n]:                        n groups (columns), stride n  →  shape [n]
 * </pre>
 */
record Reduction(int groups, int length, int groupStride, int stride, int[] outShape) {

    static Reduction of(String op, Tensor x, int axis) {
        if (axis != Op.ALL && (axis < 0 || axis >= x.rank())) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + x.shapeString()
                    + " (axes 0 … rank−1, or Op.ALL)");
        }
        if (axis == Op.ALL || x.rank() <= 1) {
            return new Reduction(1, x.size(), 0, 1, new int[0]);
        }
        int m = x.dim(0);
        int n = x.dim(1);
        return axis == 1 ? new Reduction(m, n, n, 1, new int[] {m}) : new Reduction(n, m, 1, n, new int[] {n});
    }
}
