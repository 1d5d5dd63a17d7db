package dev.descent.linalg;

import java.util.Arrays;

/**
 * A named, shaped slice of the flat parameter vector: elements {@code [offset, offset + size())}.
 *
 * @param name   stable name, used for state keys, checkpoints and error messages (e.g. {@code "W1"})
 * @param offset index of the first element in the flat vector
 * @param shape  dimensions, row-major; an empty shape is a scalar
 */
public record Block(String name, int offset, int[] shape) {

    public Block {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("block name must be a non-empty string, got " + quote(name));
        }
        if (offset < 0) {
            throw new IllegalArgumentException("block '" + name + "': offset = " + offset + " is negative");
        }
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(
                        "block '" + name + "': shape " + Arrays.toString(shape) + " has a dimension <= 0");
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "block '" + name + "': shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
            }
        }
        if (offset + n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("block '" + name + "': offset " + offset + " + " + n + " elements = "
                    + (offset + n) + " is beyond the 2^31-1 = " + Integer.MAX_VALUE + " elements a Java array holds");
        }
    }

    /** Number of elements. */
    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** One past the last element. */
    public int end() {
        return offset + size();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Block b && b.name.equals(name) && b.offset == offset && Arrays.equals(b.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + offset) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + "@" + offset;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
