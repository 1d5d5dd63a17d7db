package dev.descent.optim.spec;

import java.util.ArrayList;
import java.util.List;

/** Formats registry listings for help output. */
final class Catalog {

    record Line(String name, List<SpecParam> params, String summary) {
    }

    private Catalog() {
    }

    static List<String> describe(List<Line> lines) {
        List<String> out = new ArrayList<>();
        for (Line l : lines) {
            StringBuilder b = new StringBuilder(l.name()).append('(');
            for (int i = 0; i < l.params().size(); i++) {
                SpecParam p = l.params().get(i);
                b.append(i == 0 ? "" : ", ").append(p.name());
                if (p.defaultValue() != null) {
                    b.append('=').append(p.defaultValue());
                }
            }
            out.add(b.append("): ").append(l.summary()).toString());
        }
        return out;
    }
}
