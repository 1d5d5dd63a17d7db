package dev.descent.report.demo;

import dev.descent.data.Seeds;
import dev.descent.report.ProgressListener;
import dev.descent.report.RunManifest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What every section of the demo report shares: the size of the job, the seed, the manifest
 * runs are recorded in, and where progress goes.
 *
 * @param quick    the small version (for tests: the whole report in well under 15 s)
 * @param seed     the root seed; sections derive theirs from it with {@link #seed(String)}
 * @param manifest where each section records its runs
 * @param progress told about each unit of work
 */
public record DemoContext(boolean quick, long seed, RunManifest manifest, ProgressListener progress) {

    public DemoContext {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(progress, "progress");
    }

    /**
     * A seed for one named use, a pure function of (seed, name): the same report is the same
     * numbers, whatever else changed.
     */
    public long seed(String name) {
        long stream = 0;
        for (int i = 0; i < name.length(); i++) {
            stream = Seeds.mix64(stream ^ name.charAt(i)); // the name as a stream number
        }
        return Seeds.derive(seed, stream);
    }

    /** {@code full} for the full report, {@code quick} for {@code --quick}. */
    public int size(int full, int quick) {
        return this.quick ? quick : full;
    }

    /** Records a run in the manifest: section, then the given facts in order. */
    public void record(String section, Map<String, Object> facts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("section", section);
        m.putAll(facts);
        manifest.run(m);
    }
}
