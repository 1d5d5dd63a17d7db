package dev.descent.optim.schedule;

import java.util.List;

/**
 * Validation shared by the schedules. Messages name the parameter, its value and the allowed
 * range, torch-style: {@code gamma = 1.5 is outside (0, 1]}.
 */
final class Schedules {

    private Schedules() {
    }

    /** Finite. */
    static double checkFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + " must be finite");
        }
        return value;
    }

    /** In (0, 1]. */
    static double checkFactor(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " = " + value + " is outside (0, 1]");
        }
        return value;
    }

    /** An integer count ≥ {@code min}. */
    static long checkAtLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " = " + value + " must be >= " + min);
        }
        return value;
    }

    /** Non-null. */
    static <T> T checkNotNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /**
     * An immutable copy of strictly increasing milestones, each ≥ 1.
     *
     * @throws IllegalArgumentException naming the first offending entry
     */
    static List<Long> checkMilestones(String name, List<Long> milestones) {
        checkNotNull(name, milestones);
        long previous = 0;
        for (int i = 0; i < milestones.size(); i++) {
            Long m = milestones.get(i);
            if (m == null) {
                throw new IllegalArgumentException(name + "[" + i + "] is null");
            }
            if (m <= previous) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + m + (i == 0 ? " must be >= 1"
                        : " must be > " + name + "[" + (i - 1) + "] = " + previous + " (strictly increasing)"));
            }
            previous = m;
        }
        return List.copyOf(milestones);
    }

    /** The number of milestones ≤ k (milestones strictly increasing). */
    static int countReached(List<Long> milestones, long k) {
        int lo = 0;
        int hi = milestones.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (milestones.get(mid) <= k) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
