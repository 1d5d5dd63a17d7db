package dev.descent.cli;

import dev.descent.nn.Activation;
import dev.descent.nn.LinearRegression;
import dev.descent.nn.LogisticRegression;
import dev.descent.nn.Loss;
import dev.descent.nn.Mlp;
import dev.descent.nn.Model;
import dev.descent.nn.SoftmaxRegression;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --model} of {@code descent train}:
 *
 * <pre>
 *   logistic          binary logistic regression (2 classes), Loss.LOGISTIC
 *   softmax           multinomial logistic regression, Loss.SOFTMAX_CROSS_ENTROPY
 *   linear            least squares on a numeric label (regression), Loss.MSE
 *   mlp:128,64        an MLP with these hidden widths, the --activation, softmax cross-entropy
 * </pre>
 *
 * @param kind   the model family
 * @param hidden the hidden widths (mlp only; empty otherwise)
 */
record ModelSpec(Kind kind, List<Integer> hidden) {

    enum Kind {
        LOGISTIC, SOFTMAX, LINEAR, MLP
    }

    ModelSpec {
        hidden = List.copyOf(hidden);
    }

    /** Parses {@code text}; the message of the exception names what is wrong. */
    static ModelSpec parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "logistic":
                return new ModelSpec(Kind.LOGISTIC, List.of());
            case "softmax":
                return new ModelSpec(Kind.SOFTMAX, List.of());
            case "linear":
                return new ModelSpec(Kind.LINEAR, List.of());
            default:
                break;
        }
        if (!t.startsWith("mlp")) {
            throw new IllegalArgumentException("unknown model '" + text + "'; known: logistic, softmax, linear,"
                    + " mlp:<hidden widths>, e.g. mlp:128,64");
        }
        if (!t.startsWith("mlp:") || t.length() == 4) {
            throw new IllegalArgumentException("'" + text + "' names no hidden layer; write mlp:<widths>, e.g. mlp:128"
                    + " or mlp:128,64");
        }
        List<Integer> widths = new ArrayList<>();
        for (String part : t.substring(4).split(",", -1)) {
            int w;
            try {
                w = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': hidden width '" + part.strip()
                        + "' is not a whole number");
            }
            if (w < 1) {
                throw new IllegalArgumentException("'" + text + "': hidden width " + w + " must be >= 1");
            }
            widths.add(w);
        }
        return new ModelSpec(Kind.MLP, widths);
    }

    /** True for the models fitted to class labels. */
    boolean isClassifier() {
        return kind != Kind.LINEAR;
    }

    Loss loss() {
        return switch (kind) {
            case LOGISTIC -> Loss.LOGISTIC;
            case SOFTMAX, MLP -> Loss.SOFTMAX_CROSS_ENTROPY;
            case LINEAR -> Loss.MSE;
        };
    }

    /**
     * The model for {@code features} inputs and {@code classes} classes (ignored for regression).
     *
     * @throws IllegalArgumentException if the classes do not suit the model (logistic needs 2)
     */
    Model build(int features, int classes, Activation activation, double dropout) {
        return switch (kind) {
            case LOGISTIC -> {
                if (classes != 2) {
                    throw new IllegalArgumentException("--model logistic needs 2 classes, but the data has " + classes
                            + "; use --model softmax");
                }
                yield LogisticRegression.of(features);
            }
            case SOFTMAX -> SoftmaxRegression.of(features, classes);
            case LINEAR -> LinearRegression.of(features);
            case MLP -> {
                int[] sizes = new int[hidden.size() + 2];
                sizes[0] = features;
                for (int i = 0; i < hidden.size(); i++) {
                    sizes[i + 1] = hidden.get(i);
                }
                sizes[sizes.length - 1] = classes;
                yield dropout > 0 ? Mlp.of(activation, sizes).withDropout(dropout) : Mlp.of(activation, sizes);
            }
        };
    }

    /** The canonical text, e.g. {@code mlp:128,64}. */
    @Override
    public String toString() {
        if (kind != Kind.MLP) {
            return kind.name().toLowerCase(Locale.ROOT);
        }
        StringBuilder b = new StringBuilder("mlp:");
        for (int i = 0; i < hidden.size(); i++) {
            b.append(i == 0 ? "" : ",").append(hidden.get(i));
        }
        return b.toString();
    }
}
