package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** House rules of the autodiff package, enforced by a test rather than by review. */
class AutodiffConventionsTest {

    static final Path SOURCES = Path.of("src/main/java/dev/descent/autodiff");

    @Test
    void everyPrimitiveIsARecordDocumentingForwardAndVjpSideBySide() throws IOException {
        List<String> checked = new ArrayList<>();
        for (Class<?> c : Op.class.getPermittedSubclasses()) {
            assertThat(c.isRecord()).as(c.getSimpleName() + " is a record").isTrue();
            String text = Files.readString(SOURCES.resolve(c.getSimpleName() + ".java"));
            String javadoc = text.substring(text.indexOf("/**"), text.indexOf("public record"));
            assertThat(javadoc).as(c.getSimpleName()).contains("<pre>", "forward:", "vjp:");
            assertThat(text).as(c.getSimpleName()).contains("public Tensor forward(", "public void vjp(");
            checked.add(c.getSimpleName());
        }
        // a count guard: a primitive added to the sealed list must also get a property test
        assertThat(checked).hasSize(20);
    }

    @Test
    void kernelsAndPrimitivesUseNoStreamsOrLambdas() throws IOException {
        List<String> files = new ArrayList<>();
        for (Class<?> c : Op.class.getPermittedSubclasses()) {
            files.add(c.getSimpleName() + ".java");
        }
        files.add("../linalg/JavaMatMulKernel.java");
        files.add("Elementwise.java");
        files.add("Reduction.java");
        files.add("Tape.java");
        for (String f : files) {
            String text = Files.readString(SOURCES.resolve(f).normalize());
            assertThat(text).as(f).doesNotContain("java.util.stream", ".stream(", ".forEach(", "->", "::");
        }
    }

    @Test
    void everyPrimitiveHasAGradientProperty() throws IOException {
        String properties = Files.readString(Path.of("src/test/java/dev/descent/autodiff/PrimitiveGradientTest.java"));
        for (Class<?> c : Op.class.getPermittedSubclasses()) {
            String name = Character.toLowerCase(c.getSimpleName().charAt(0)) + c.getSimpleName().substring(1);
            assertThat(properties).as(c.getSimpleName()).contains("void " + name + "(@ForAll long seed)");
        }
    }
}
