package dev.descent.report.figure;

import java.awt.Color;

/**
 * The colors of figures: a categorical palette for series and a sequential colormap for contour
 * bands.
 *
 * <p><b>Series</b>: Tableau 10 (Maureen Stone's 2016 redesign, chosen for distinctness under the
 * common color-vision deficiencies and in print), followed by near-black and a dark violet, so
 * twelve series get twelve distinct colors before the cycle repeats.
 *
 * <p><b>Bands</b>: viridis (van der Walt and Smith, matplotlib 2.0), perceptually uniform and
 * monotone in lightness, so "lighter = higher" survives grayscale printing and color-vision
 * deficiencies. It is mixed 30 % towards white: the bands are a background, and paths in palette
 * colors must stay readable on the darkest band, around the minimum, where they end.
 */
final class Palette {

    private static final int[] SERIES = {
        0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948,
        0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC, 0x1F1F1F, 0x6B3FA0,
    };

    /** Viridis at t = 0, 1/8, …, 1 (matplotlib's table, every 32nd entry). */
    private static final int[] VIRIDIS = {
        0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725,
    };

    private static final double TOWARDS_WHITE = 0.30;

    private Palette() {
    }

    /** The number of distinct series colors before the palette repeats. */
    static int size() {
        return SERIES.length;
    }

    /** The color of the series at {@code position} (cycling). */
    static Color series(int position) {
        return new Color(SERIES[Math.floorMod(position, SERIES.length)]);
    }

    /** The color of band {@code k} of {@code bands}: darkest for band 0, lightest for the top one. */
    static Color band(int k, int bands) {
        double t = bands <= 1 ? 0.5 : (double) k / (bands - 1);
        double pos = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) pos, VIRIDIS.length - 2);
        double f = pos - i;
        int a = VIRIDIS[i];
        int b = VIRIDIS[i + 1];
        return new Color(channel(a >> 16, b >> 16, f), channel(a >> 8, b >> 8, f), channel(a, b, f));
    }

    private static int channel(int a, int b, double f) {
        double v = (a & 0xFF) * (1 - f) + (b & 0xFF) * f;
        return (int) Math.round(v + (255 - v) * TOWARDS_WHITE);
    }
}
