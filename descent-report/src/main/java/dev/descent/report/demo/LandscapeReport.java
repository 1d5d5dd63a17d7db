package dev.descent.report.demo;

import dev.descent.report.Section;
import java.util.List;

/** The paths and loss-curve sections for runs on one landscape, as {@code descent compare} shows them. */
public final class LandscapeReport {

    private LandscapeReport() {
    }

    /**
     * @param l    the landscape
     * @param runs one per spec, in legend order
     * @param grid contour samples per axis
     * @return the "paths" and "loss-curves" sections
     */
    public static List<Section> sections(Landscape l, List<PathRun> runs, int grid) {
        List<LandscapeSections.Runs> all = List.of(new LandscapeSections.Runs(l, runs, LandscapeFigures.field(l, grid)));
        return List.of(LandscapeSections.paths(all, false), LandscapeSections.losses(all, false));
    }
}
