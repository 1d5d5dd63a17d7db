package dev.descent.autodiff;

import dev.descent.linalg.Block;
import java.util.Arrays;

/**
 * A dense, row-major tensor of doubles of rank 0 (a scalar, shape {@code []}), 1 ({@code [n]}) or
 * 2 ({@code [rows, cols]}): a shape plus a window {@code [offset, offset + size())} of a
 * {@code double[]}.
 *
 * <p>A tensor is a <em>view</em>: {@link #view(double[], Block)} puts a tensor over a block of the
 * flat parameter vector θ without copying, and the tape reads parameters through such views. The
 * tensor never writes to its array, and exposes no setter; whoever owns the array may change it
 * (so a tensor over θ sees θ as it is now). The factories {@link #scalar}, {@link #vector},
 * {@link #matrix}, {@link #of} and {@link #zeros} copy their arguments into a fresh array.
 *
 * <p>Rank is capped at 2 on purpose: the primitives of a multilayer perceptron, a logistic
 * regression or an unrolled ODE step need no more, and the cap keeps every kernel a plain loop over
 * rows and columns. A vector is a row for {@link MatMul}'s purposes only when it is on the left
 * (numpy's rule): see there.
 */
public final class Tensor {

    private static final int[] SCALAR = new int[0];

    private final double[] data;
    private final int offset;
    private final int[] shape;
    private final int size;

    private Tensor(double[] data, int offset, int[] shape, int size) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.size = size;
    }

    /** A fresh tensor over {@code data} from offset 0; no checks (internal use: data.length == size(shape)). */
    static Tensor fresh(double[] data, int... shape) {
        return new Tensor(data, 0, shape.length == 0 ? SCALAR : shape, data.length);
    }

    /** A rank-0 tensor holding {@code value}. */
    public static Tensor scalar(double value) {
        return new Tensor(new double[] {value}, 0, SCALAR, 1);
    }

    /** A rank-1 tensor holding a copy of {@code values} (at least one). */
    public static Tensor vector(double... values) {
        return of(new int[] {values.length}, values);
    }

    /** A rank-2 tensor holding a copy of {@code rows}, which must all have the same positive length. */
    public static Tensor matrix(double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("matrix: needs at least one row");
        }
        int cols = rows[0].length;
        double[] data = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("matrix: row " + i + " has length " + rows[i].length
                        + " but row 0 has length " + cols);
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return of(new int[] {rows.length, cols}, data);
    }

    /** A tensor of this shape holding a copy of {@code data} (row-major, length = product of the shape). */
    public static Tensor of(int[] shape, double... data) {
        int[] s = checkShape(shape);
        int n = sizeOf(s);
        if (data.length != n) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(s) + " needs " + n
                    + " values, got " + data.length);
        }
        return new Tensor(data.clone(), 0, s, n);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        int[] s = checkShape(shape);
        int n = sizeOf(s);
        return new Tensor(new double[n], 0, s, n);
    }

    /**
     * A zero-copy view of {@code data[offset, offset + size)} with this shape. {@code data} is not
     * modified, now or later, by the view or the tape.
     */
    public static Tensor view(double[] data, int offset, int... shape) {
        int[] s = checkShape(shape);
        int n = sizeOf(s);
        if (offset < 0 || (long) offset + n > data.length) {
            throw new IllegalArgumentException("view of shape " + Arrays.toString(s) + " at offset " + offset
                    + " does not fit in an array of length " + data.length);
        }
        return new Tensor(data, offset, s, n);
    }

    /**
     * A zero-copy view of the block of the flat parameter vector {@code theta}: the tensor of the
     * block's shape over {@code theta[block.offset(), block.end())}. {@code theta} is not modified.
     */
    public static Tensor view(double[] theta, Block block) {
        int[] s = block.shape();
        if (s.length > 2) {
            throw new IllegalArgumentException("block '" + block.name() + "' has shape " + Arrays.toString(s)
                    + ": autodiff tensors have rank 0, 1 or 2");
        }
        if (block.end() > theta.length) {
            throw new IllegalArgumentException("block " + block + " ends at " + block.end()
                    + " but theta has length " + theta.length);
        }
        return new Tensor(theta, block.offset(), s.length == 0 ? SCALAR : s, block.size());
    }

    /** 0, 1 or 2. */
    public int rank() {
        return shape.length;
    }

    /** The dimensions (a copy); {@code []} for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** The length along {@code axis}. */
    public int dim(int axis) {
        if (axis < 0 || axis >= shape.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + Arrays.toString(shape));
        }
        return shape[axis];
    }

    /** Number of elements (1 for a scalar). */
    public int size() {
        return size;
    }

    /** Rows of the matrix view: shape[0] for rank 2, else 1. */
    int rows() {
        return shape.length == 2 ? shape[0] : 1;
    }

    /** Columns of the matrix view: shape[1] for rank 2, shape[0] for rank 1, 1 for a scalar. */
    int cols() {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /** The backing array, not copied: element i (row-major) is {@code data()[offset() + i]}. */
    public double[] data() {
        return data;
    }

    /** Index in {@link #data()} of the first element. */
    public int offset() {
        return offset;
    }

    /** Element {@code i} in row-major order. */
    public double get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " is outside [0, " + size + ") for shape "
                    + Arrays.toString(shape));
        }
        return data[offset + i];
    }

    /** Element (row, col) of a rank-2 tensor. */
    public double get(int row, int col) {
        if (shape.length != 2 || row < 0 || row >= shape[0] || col < 0 || col >= shape[1]) {
            throw new IndexOutOfBoundsException("(" + row + ", " + col + ") is not an element of shape "
                    + Arrays.toString(shape));
        }
        return data[offset + row * shape[1] + col];
    }

    /** The single value of a tensor of size 1 (typically a scalar loss). */
    public double item() {
        if (size != 1) {
            throw new IllegalStateException("item: shape " + Arrays.toString(shape) + " has " + size
                    + " elements, not 1");
        }
        return data[offset];
    }

    /** A copy of the elements, row-major. */
    public double[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size);
    }

    /** True when both have the same shape. */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** Shape and values, e.g. {@code [2, 2] [1.0, 2.0, 3.0, 4.0]} (at most 16 values shown). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(Arrays.toString(shape)).append(" [");
        int shown = Math.min(size, 16);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(data[offset + i]);
        }
        if (shown < size) {
            sb.append(", … (").append(size - shown).append(" more)");
        }
        return sb.append(']').toString();
    }

    static String format(int[] shape) {
        return Arrays.toString(shape);
    }

    String shapeString() {
        return Arrays.toString(shape);
    }

    private static int[] checkShape(int[] shape) {
        if (shape.length > 2) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape)
                    + " has rank " + shape.length + ": autodiff tensors have rank 0, 1 or 2");
        }
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " has a dimension <= 0");
            }
        }
        if (shape.length == 2 && (long) shape[0] * shape[1] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
        }
        return shape.length == 0 ? SCALAR : shape.clone();
    }

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
