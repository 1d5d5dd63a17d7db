package dev.descent.conformance;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/** The reference cases copied into {@code src/test/resources/conformance/{book,torch,lrfree,optax,lbfgs,polyak,muon,adafactor}}. */
final class BundledCases {

    private BundledCases() {
    }

    static Path root() {
        URL url = BundledCases.class.getResource("/conformance");
        if (url == null) {
            throw new IllegalStateException("test resource /conformance is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path book() {
        return root().resolve("book");
    }

    static Path torch() {
        return root().resolve("torch");
    }

    static Path lrfree() {
        return root().resolve("lrfree");
    }

    /** The numpy transcriptions of Optax (generators/optax_refs.py, optax_block_refs.py). */
    static Path optax() {
        return root().resolve("optax");
    }

    /** torch.optim.LBFGS cases (gradient_evaluation "closure"): every one must pass. */
    static Path lbfgs() {
        return root().resolve("lbfgs");
    }

    /** The Polyak step sizes (polyak/): the classic step and IssamLaradji/sps; every case must pass. */
    static Path polyak() {
        return root().resolve("polyak");
    }

    /** Muon cases (muon/): torch.optim.Muon and KellerJordan/Muon; every case must pass. */
    static Path muon() {
        return root().resolve("muon");
    }

    /** torch.optim.Adafactor cases (adafactor/); every case must pass. */
    static Path adafactor() {
        return root().resolve("adafactor");
    }

    /** Every family directory, in the order the tests list them. */
    static List<Path> families() {
        return List.of(book(), torch(), lrfree(), optax(), lbfgs(), polyak(), muon(), adafactor());
    }

    /** Families whose every case must pass. */
    private static final List<String> ALL_REQUIRED = List.of("book", "lbfgs", "polyak", "muon", "adafactor");

    /** Parameter-free families (lrfree/) that descent implements; their cases must pass. */
    private static final List<String> LRFREE_REQUIRED = List.of("sf_adamw.", "sf_sgd.", "prodigy.", "dadapt_adam.",
            "dadapt_sgd.", "dog.", "ldog.");

    /** Optax families (optax/, numpy transcriptions) that descent implements; their cases must pass. */
    private static final List<String> OPTAX_REQUIRED = List.of("lamb.", "lars.", "sam.", "adabelief.",
            "yogi.", "adan.", "novograd.", "sign_sgd.", "noisy_sgd.");

    /** torch families that descent implements; their cases must pass. */
    private static final List<String> TORCH_REQUIRED = List.of("sgd.", "adagrad.", "rmsprop.", "adam.",
            "adamw.", "adamax.", "nadam.", "radam.", "adadelta.", "rprop.", "asgd.", "sched.");

    /**
     * Whether the case in {@code file} must PASS (every book, lbfgs, polyak, muon and adafactor case; torch sgd.*, adagrad.*,
     * rmsprop.*, adam.*, adamw.*, adamax.*, nadam.*, radam.*, adadelta.*, rprop.*, asgd.* and the
     * six lr-scheduler cases sched.*: all 71), the lrfree cases of the implemented families and every
     * optax case. Other cases may be PASS or UNSUPPORTED, never FAIL.
     */
    static boolean required(Path file) {
        String family = file.getParent().getFileName().toString();
        if (ALL_REQUIRED.contains(family)) {
            return true;
        }
        String name = file.getFileName().toString();
        List<String> required = switch (family) {
            case "lrfree" -> LRFREE_REQUIRED;
            case "optax" -> OPTAX_REQUIRED;
            default -> TORCH_REQUIRED;
        };
        for (String prefix : required) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** (id, file) for every bundled case, family by family ({@link #families}), each in path order. */
    static List<Arguments> all() {
        List<Arguments> args = new ArrayList<>();
        for (Path dir : families()) {
            for (Path file : ConformanceRunner.caseFiles(dir)) {
                args.add(Arguments.of(id(file), file));
            }
        }
        return args;
    }

    static String id(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }
}
