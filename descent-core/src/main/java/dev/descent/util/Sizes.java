package dev.descent.util;

import java.util.Locale;

/** Byte counts in words, for the messages that refuse what would not fit in memory or on disk. */
public final class Sizes {

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
    }

    /**
     * A byte count: exact below 1 MiB, where a rounded figure would hide the difference between
     * what is needed and what there is ({@code 8232 bytes}), else in binary units with one decimal
     * ({@code 1.5 MiB}, {@code 20.9 GiB}).
     *
     * @param bytes a count ≥ 0
     * @return the count in words
     */
    public static String bytes(long bytes) {
        if (bytes < 1L << 20) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }
}
