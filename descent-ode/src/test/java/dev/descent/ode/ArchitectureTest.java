package dev.descent.ode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** House rules of descent-ode, enforced by a test. */
class ArchitectureTest {

    static final Path MAIN = Path.of("src/main/java/dev/descent/ode");

    static List<Path> javaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<Path> out = new ArrayList<>();
            files.filter(f -> f.toString().endsWith(".java")).forEach(out::add);
            return out;
        }
    }

    @Test
    void everyPublicTypeHasJavadoc() throws IOException {
        for (Path p : javaFiles()) {
            if (p.getFileName().toString().equals("package-info.java")) {
                continue;
            }
            String text = Files.readString(p);
            int decl = text.indexOf("\npublic ");
            if (decl < 0) {
                continue;
            }
            assertThat(text.substring(0, decl)).as(p.toString()).contains("/**");
        }
    }

    @Test
    void modelsAndTheSolverCiteTheirSources() throws IOException {
        for (String f : List.of("models/Sir.java", "models/Seir.java", "models/LogisticGrowth.java",
                "models/LotkaVolterra.java", "OdeSolver.java", "SensitivityEquations.java", "fit/LevenbergMarquardt.java",
                "fit/FitLoss.java", "examples/InfluenzaEngland1978.java")) {
            String text = Files.readString(MAIN.resolve(f));
            assertThat(text).as(f).contains("<h2>References</h2>", "<pre>");
        }
        assertThat(Files.readString(MAIN.resolve("models/Sir.java"))).contains("Kermack", "McKendrick", "1927");
        assertThat(Files.readString(MAIN.resolve("examples/InfluenzaEngland1978.java"))).contains("British Medical Journal 1978");
        assertThat(Files.readString(MAIN.resolve("OdeSolver.java"))).contains("Hipparchus");
    }

    @Test
    void odeDependsOnlyOnCoreAndHipparchus() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        List<String> artifacts = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<dependency>(.*?)</dependency>",
                java.util.regex.Pattern.DOTALL).matcher(pom.substring(pom.indexOf("<dependencies>")));
        while (m.find()) {
            if (m.group(1).contains("<scope>test</scope>")) {
                continue; // test tools (the fuzzer) are not dependencies of the module
            }
            java.util.regex.Matcher a = java.util.regex.Pattern.compile("<artifactId>([^<]+)</artifactId>")
                    .matcher(m.group(1));
            if (a.find()) {
                artifacts.add(a.group(1));
            }
        }
        assertThat(artifacts).containsExactlyInAnyOrder("descent-core", "hipparchus-core", "hipparchus-ode",
                "hipparchus-optim");
    }
}
