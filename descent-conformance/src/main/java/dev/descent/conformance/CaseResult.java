package dev.descent.conformance;

import java.util.Locale;

/**
 * The outcome of replaying one case.
 *
 * <p>{@link #line()} is the report line:
 * {@code <id> PASS|FAIL|UNSUPPORTED max_abs=<x> max_rel=<x> rtol=<r> atol=<a>}, then, when the
 * case asked for more than its family's cap, {@code  (capped: the case asks rtol=<r> atol=<a>)},
 * then two spaces and the reason for FAIL and UNSUPPORTED. Deviations are printed as
 * {@code %.3e}; {@code -} means nothing was compared, or (for the tolerance) that none was
 * determined, as for a file that cannot be read.
 *
 * @param id     the case id (the file name without {@code .json} when the file could not be read)
 * @param status the verdict
 * @param maxAbs the largest |actual − expected| over every finite value compared (θ and x_eval),
 *               or NaN when nothing was compared
 * @param maxRel the largest |actual − expected| / |expected| over those with expected ≠ 0, or NaN
 * @param reason why it failed or is unsupported; null for PASS
 * @param tolerance the tolerance θ was (or would be) compared with, or null when none was determined
 * @param requested the case file's own tolerance when it was looser than the cap and so was not
 *                  used, else null
 */
public record CaseResult(String id, Status status, double maxAbs, double maxRel, String reason, Tolerance tolerance,
        Tolerance requested) {

    /** The verdict for one case. */
    public enum Status {
        /** Reproduced within tolerance. */
        PASS,
        /** Not reproduced, refused, or the file is malformed. */
        FAIL,
        /** Well-formed, but descent has no mapping for it yet. */
        UNSUPPORTED
    }

    public CaseResult {
        if (id == null || status == null) {
            throw new IllegalArgumentException("id and status must not be null");
        }
        if (status != Status.PASS && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException(status + " needs a reason");
        }
    }

    /** A pass with the deviations observed. */
    public static CaseResult pass(String id, double maxAbs, double maxRel) {
        return new CaseResult(id, Status.PASS, maxAbs, maxRel, null, null, null);
    }

    /** A failure with the deviations observed so far. */
    public static CaseResult fail(String id, double maxAbs, double maxRel, String reason) {
        return new CaseResult(id, Status.FAIL, maxAbs, maxRel, reason, null, null);
    }

    /** A failure before anything was compared (e.g. a malformed file). */
    public static CaseResult fail(String id, String reason) {
        return fail(id, Double.NaN, Double.NaN, reason);
    }

    /** No mapping yet. */
    public static CaseResult unsupported(String id, String reason) {
        return new CaseResult(id, Status.UNSUPPORTED, Double.NaN, Double.NaN, reason, null, null);
    }

    /**
     * This result with the tolerance that applied and, when the case asked for a looser one that
     * was capped, what it asked for.
     */
    public CaseResult withTolerance(Tolerance used, Tolerance requested) {
        return new CaseResult(id, status, maxAbs, maxRel, reason, used, requested);
    }

    /** {@code <id> STATUS max_abs=<x> max_rel=<x> rtol=<r> atol=<a>[ (capped: …)][  reason]}. */
    public String line() {
        String s = id + " " + status + " max_abs=" + format(maxAbs) + " max_rel=" + format(maxRel) + " "
                + (tolerance == null ? "rtol=- atol=-" : tolerance.compact())
                + (requested == null ? "" : " (capped: the case asks " + requested.compact() + ")");
        return status == Status.PASS ? s : s + "  " + reason;
    }

    private static String format(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.3e", x);
    }
}
