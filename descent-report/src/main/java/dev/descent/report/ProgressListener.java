package dev.descent.report;

/**
 * Where long report work says how far it is (the CLI draws a progress bar from it).
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores everything. */
    ProgressListener NONE = (what, done, total) -> { };

    /**
     * @param what  the unit of work just finished or started, e.g. "paths: adam on beale"
     * @param done  units finished
     * @param total units in all (≥ done)
     */
    void update(String what, int done, int total);
}
