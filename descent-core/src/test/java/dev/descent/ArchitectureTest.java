package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.spec.SpecParam;
import dev.descent.optim.spec.TransformSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** House rules, enforced by a test rather than by review (EJML's TestEnforceCodeStandards). */
class ArchitectureTest {

    static final Path MAIN = Path.of("src/main/java/dev/descent");

    @Test
    void coreHasNoRuntimeDependency() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher own = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
        while (own.find()) {
            assertThat(own.group(1)).as("descent-core/pom.xml declares test-scoped dependencies only")
                    .contains("<scope>test</scope>");
        }
        String parent = Files.readString(Path.of("../pom.xml"));
        String inherited = parent.substring(parent.indexOf("</dependencyManagement>"), parent.indexOf("<build>"));
        Matcher m = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(inherited);
        int count = 0;
        while (m.find()) {
            count++;
            assertThat(m.group(1)).as("inherited dependency must be test-scoped").contains("<scope>test</scope>");
        }
        assertThat(count).isPositive();
    }

    @Test
    void everyUpdateRuleDocumentsEquationsConventionsMemoryAndReferences() throws IOException {
        List<String> checked = new ArrayList<>();
        for (Optimizers.Entry e : Optimizers.all()) {
            Class<?> c = e.defaults().getClass();
            Path source = MAIN.resolve("optim").resolve(c.getSimpleName() + ".java");
            String text = Files.readString(source);
            String javadoc = text.substring(text.indexOf("/**"), text.indexOf("public record"));
            assertThat(javadoc).as(c.getSimpleName())
                    .contains("<pre>", "<h2>Conventions</h2>", "<h2>Memory</h2>", "<h2>References</h2>", "Goodfellow",
                            "@see", "<caption>Hyperparameters</caption>");
            checked.add(c.getSimpleName());
        }
        assertThat(checked).hasSize(Optimizers.all().size());
    }

    @Test
    void optimizerPackagesUseNoStreams() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve("optim"))) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(p);
                assertThat(text).as(p.toString()).doesNotContain("java.util.stream", ".stream(", ".forEach(");
            }
        }
    }

    @Test
    void everyGlobalMethodDocumentsEquationsDefaultsConventionsAndReferences() throws IOException {
        for (String name : List.of("SimulatedAnnealing", "ParticleSwarm", "MultiStart")) {
            String text = Files.readString(MAIN.resolve("global").resolve(name + ".java"));
            String javadoc = text.substring(text.indexOf("/**"), text.indexOf("public record"));
            assertThat(javadoc).as(name).contains("<pre>", "<caption>Hyperparameters</caption>", "<h2>Conventions</h2>",
                    "<h2>References</h2>", "@see");
        }
    }

    @Test
    void randomnessComesOnlyFromExplicitSeeds() throws IOException {
        // no global or hidden generator, no unspecified Gaussian algorithm, no threads in global search
        for (String pkg : List.of("global", "problem")) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
                for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                    String text = Files.readString(p);
                    assertThat(text).as(p.toString()).doesNotContain("new Random(", "java.util.Random;", "Math.random",
                            "ThreadLocalRandom", ".nextGaussian(", "parallelStream", ".parallel(", "ExecutorService", "ForkJoin",
                            "java.util.stream", "new Thread");
                }
            }
        }
    }

    @Test
    void everyRegistryEntryIsAnOptimizerRecord() {
        for (Optimizers.Entry e : Optimizers.all()) {
            assertThat(e.defaults()).isInstanceOf(Optimizer.class);
            assertThat(e.defaults().getClass().isRecord()).as(e.name()).isTrue();
            assertThat(e.defaults().name()).isEqualTo(e.name());
        }
    }

    /**
     * One name per thing: every registry entry's {@code name()} (also its state-key prefix and the
     * word its messages start with) is the key a spec gives it.
     */
    @Test
    void everyRegistryNameIsItsSpecKey() {
        for (Optimizers.Entry e : Optimizers.all()) {
            assertThat(e.defaults().name()).as("optimizer %s", e.name()).isEqualTo(e.name());
            assertThat(OptimizerSpec.build(e.name()).name()).as("spec %s", e.name()).isEqualTo(e.name());
        }
        for (Optimizers.Entry p : Optimizers.presets()) {
            // a preset is its base optimizer with other defaults: torch.<base>
            assertThat(p.name()).as("preset %s", p.name()).isEqualTo("torch." + p.defaults().name());
            assertThat(Optimizers.names()).as("preset %s", p.name()).contains(p.defaults().name());
        }
        List<String> transforms = TransformSpecs.names();
        assertThat(transforms).contains("l1", "nonfinite", "clip_value");
        for (String t : transforms) {
            List<String> args = new ArrayList<>();
            for (SpecParam param : TransformSpecs.params(t)) {
                if (param.defaultValue() == null) {
                    args.add("1"); // a valid value for every required transform parameter
                }
            }
            Optimizer<?> built = OptimizerSpec.build("sgd | " + t + "(" + String.join(", ", args) + ")");
            assertThat(built.name()).as("transform %s", t).isEqualTo(t);
        }
    }
}
