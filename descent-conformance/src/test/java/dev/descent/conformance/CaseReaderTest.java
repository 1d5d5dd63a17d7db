package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CaseReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsEveryFieldOfACase() throws Exception {
        GoldenCase c = CaseReader.read(BundledCases.book().resolve("alg8.3-nesterov.quadA.json"));
        assertThat(c.id()).isEqualTo("alg8.3-nesterov.quadA");
        assertThat(c.algorithm()).isEqualTo("DL-book Algorithm 8.3 (nesterov)");
        assertThat(c.variant()).isEqualTo("alg8.3-nesterov");
        assertThat(c.gradientEvaluation()).isEqualTo(GradientEvaluation.LOOKAHEAD);
        assertThat(c.dim()).isEqualTo(5);
        assertThat(c.problemType()).isEqualTo("quadratic");
        assertThat(c.schedule()).isNull();
        assertThat(c.steps()).hasSize(40);
        assertThat(c.steps().get(0).t()).isEqualTo(1);
        assertThat(c.steps().get(0).xEval()).containsExactly(c.theta0());
        assertThat(c.recorded()).isEqualTo(new Tolerance(1e-12, 1e-14));
        assertThat(c.recomputed()).isEqualTo(new Tolerance(1e-10, 1e-12));
        assertThat(c.expectNonfinite()).isFalse();
        assertThat(c.stepExtras()).isEmpty();
    }

    @Test
    void readsNonFiniteStringsAsDoubles() throws Exception {
        GoldenCase c = CaseReader.read(BundledCases.book().resolve("alg8.6-rmsprop-nesterov.rosenValley.json"));
        assertThat(c.expectNonfinite()).isTrue();
        assertThat(c.steps().get(0).theta()[0]).isEqualTo(-1.4968377223398317);
        assertThat(c.steps().get(0).theta()[1]).isNaN();
        assertThat(c.steps().get(1).loss()).isNaN();

        ObjectNode tree = CaseFiles.load("torch", "sgd.plain.replayA");
        ArrayNode theta0 = tree.putArray("theta0");
        theta0.add("Infinity").add("-Infinity").add("NaN").add(0).add(-0.0).add(1);
        GoldenCase inf = CaseReader.read(CaseFiles.write(tmp, "inf.json", tree));
        assertThat(inf.theta0()).containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
                0.0, -0.0, 1.0);
    }

    /** Decimal literals that a sloppy parser gets wrong by an ulp. */
    @Test
    void numbersRoundTripExactly() throws Exception {
        String[] literals = {"0.1", "0.30000000000000004", "2.2250738585072014E-308", "4.9e-324",
            "1.7976931348623157e308", "9007199254740993"};
        ObjectNode tree = CaseFiles.load("torch", "sgd.plain.replayA");
        String json = tree.toString().replaceFirst("\"theta0\":\\[[^\\]]*\\]",
                "\"theta0\":[" + String.join(",", literals) + "]");
        GoldenCase c = CaseReader.read(json, "literals");
        double[] expected = new double[literals.length];
        for (int i = 0; i < literals.length; i++) {
            expected[i] = Double.parseDouble(literals[i]);
        }
        assertThat(c.theta0()).containsExactly(expected);
    }

    /** Jackson's number parsing equals Double.parseDouble on every number of every bundled file. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.descent.conformance.BundledCases#all")
    void jacksonParsesEveryBundledNumberExactly(String id, Path file) throws IOException {
        long numbers = 0;
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            for (JsonToken tok = p.nextToken(); tok != null; tok = p.nextToken()) {
                if (tok == JsonToken.VALUE_NUMBER_FLOAT || tok == JsonToken.VALUE_NUMBER_INT) {
                    assertThat(Double.doubleToRawLongBits(p.getDoubleValue())).as(p.getText())
                            .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(p.getText())));
                    numbers++;
                }
            }
        }
        assertThat(numbers).isPositive();
    }

    @Test
    void truncatedJsonNamesTheFileAndTheLocation() {
        Path file = CaseFiles.writeText(tmp, "truncated.json", "{\"format\": \"optim-golden/1\", \"steps\": [");
        assertThatThrownBy(() -> CaseReader.read(file))
                .isInstanceOf(MalformedCaseException.class)
                .hasMessageContaining("truncated.json")
                .hasMessageContaining("is not valid JSON")
                .hasMessageContaining("line 1");
    }

    @Test
    void missingStepsNamesTheField() {
        ObjectNode tree = CaseFiles.load("torch", "sgd.plain.quadA");
        tree.remove("steps");
        Path file = CaseFiles.write(tmp, "sgd.plain.quadA.json", tree);
        assertThatThrownBy(() -> CaseReader.read(file))
                .isInstanceOf(MalformedCaseException.class)
                .hasMessage(file + ": steps is missing")
                .extracting(e -> ((MalformedCaseException) e).field()).isEqualTo("steps");
    }

    @Test
    void wrongThetaLengthNamesTheStep() {
        ObjectNode tree = CaseFiles.load("torch", "sgd.plain.quadA");
        ((ArrayNode) tree.get("steps").get(3).get("theta")).remove(4);
        Path file = CaseFiles.write(tmp, "short.json", tree);
        assertThatThrownBy(() -> CaseReader.read(file))
                .isInstanceOf(MalformedCaseException.class)
                .hasMessage(file + ": steps[3].theta has length 4, expected 5 (problem.dim)");
    }

    @Test
    void otherDefectsAreNamed() {
        assertMalformed(tree -> tree.put("format", "optim-golden/2"),
                "format is \"optim-golden/2\", expected \"optim-golden/1\"");
        assertMalformed(tree -> tree.put("num_steps", 41), "steps has 40 records, expected 41 (num_steps)");
        assertMalformed(tree -> ((ObjectNode) tree.get("steps").get(2)).put("t", 4),
                "steps[2].t is 4, expected 3");
        assertMalformed(tree -> ((ArrayNode) tree.get("theta0")).set(1, "one"),
                "theta0[1] is \"one\", expected a number");
        assertMalformed(tree -> tree.put("gradient_evaluation", "sideways"), "gradient_evaluation is \"sideways\"");
        assertMalformed(tree -> ((ObjectNode) tree.get("tolerance")).remove("recorded_gradients"),
                "tolerance.recorded_gradients is missing");
        assertMalformed(tree -> ((ObjectNode) tree.get("steps").get(0)).remove("grad"), "steps[0].grad is missing");
        assertMalformed(tree -> tree.remove("schedule"), "schedule is missing");
        assertMalformed(tree -> tree.put("expect_nonfinite", "yes"), "expect_nonfinite is a string");
    }

    @Test
    void blocksGiveTheLayoutAndTheFrozenPart() throws Exception {
        ObjectNode tree = CaseFiles.load("torch", "sgd.dampening.softmaxA");
        tree.set("blocks", blocks("W", new int[] {4, 3}, 0, true, "b", new int[] {3}, 12, false));
        GoldenCase c = CaseReader.read(CaseFiles.write(tmp, "blocks.json", tree));
        assertThat(c.layout().names()).containsExactly("W", "b");
        assertThat(c.layout().block("W").shape()).containsExactly(4, 3);
        assertThat(c.hasFrozenBlocks()).isTrue();
        assertThat(c.optimizedLayout().names()).containsExactly("W");
        assertThat(c.optimizedLayout().size()).isEqualTo(12);
        GoldenCase flat = CaseReader.read(BundledCases.torch().resolve("sgd.dampening.softmaxA.json"));
        assertThat(flat.blocks()).isEmpty();
        assertThat(flat.layout().size()).isEqualTo(15);
    }

    @Test
    void blocksThatDoNotTileThetaAreNamed() {
        // sgd.plain.quadA has dim 5
        assertMalformed(tree -> tree.set("blocks", blocks("x", new int[] {4}, 0, true, "y", new int[] {2}, 4, true)),
                "blocks cover 6 parameters, expected problem.dim = 5");
        assertMalformed(tree -> tree.set("blocks", blocks("x", new int[] {2}, 0, true, "y", new int[] {3}, 3, true)),
                "blocks[1].offset is 3, expected 2 (blocks tile theta in order)");
        assertMalformed(tree -> tree.set("blocks", blocks("x", new int[] {5, 0}, 0, true)),
                "blocks[0].shape[1] is 0, expected an integer >= 1");
        assertMalformed(tree -> tree.set("blocks", blocks("x", new int[] {5}, 0, false)),
                "blocks are all frozen");
        assertMalformed(tree -> tree.set("blocks", blocks("x", new int[] {2}, 0, true, "x", new int[] {3}, 2, true)),
                "blocks[1].name is \"x\", expected a non-empty name used once");
        assertMalformed(tree -> {
            ArrayNode b = blocks("x", new int[] {5}, 0, true);
            ((ObjectNode) b.get(0)).put("size", 4);
            tree.set("blocks", b);
        }, "blocks[0].size is 4, expected 5 (the product of the shape)");
    }

    private static ArrayNode blocks(Object... spec) {
        ArrayNode list = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < spec.length; i += 4) {
            ObjectNode b = list.addObject();
            b.put("name", (String) spec[i]);
            ArrayNode shape = b.putArray("shape");
            for (int d : (int[]) spec[i + 1]) {
                shape.add(d);
            }
            b.put("offset", (Integer) spec[i + 2]);
            b.put("optimized", (Boolean) spec[i + 3]);
        }
        return list;
    }

    @Test
    void lookaheadCasesNeedXEval() {
        ObjectNode tree = CaseFiles.load("book", "alg8.3-nesterov.quadA");
        ((ObjectNode) tree.get("steps").get(7)).remove("x_eval");
        Path file = CaseFiles.write(tmp, "noeval.json", tree);
        assertThatThrownBy(() -> CaseReader.read(file)).hasMessageContaining("steps[7].x_eval is missing");
    }

    @Test
    void unknownStepFieldsAreKept() throws Exception {
        GoldenCase c = CaseReader.read(BundledCases.torch().resolve("asgd.default.replayA.json"));
        assertThat(c.stepExtras()).containsExactly("ax");
    }

    @Test
    void aDirectoryIsNotACase() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("d.json"));
        assertThatThrownBy(() -> CaseReader.read(dir)).isInstanceOf(MalformedCaseException.class)
                .hasMessageContaining("d.json: (file) cannot be read");
    }

    private void assertMalformed(java.util.function.Consumer<ObjectNode> edit, String message) {
        ObjectNode tree = CaseFiles.load("torch", "sgd.plain.quadA");
        edit.accept(tree);
        Path file = CaseFiles.write(tmp, "edited.json", tree);
        assertThatThrownBy(() -> CaseReader.read(file))
                .isInstanceOf(MalformedCaseException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(message);
    }
}
