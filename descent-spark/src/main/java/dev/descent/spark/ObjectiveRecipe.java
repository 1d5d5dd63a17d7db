package dev.descent.spark;

import dev.descent.linalg.MatMulKernel;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Init;
import dev.descent.nn.Loss;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Regularizer;
import dev.descent.nn.Sequential;
import java.io.Serializable;
import java.util.List;

/**
 * What an executor needs to rebuild the driver's {@link ModelObjective}: the layers of its
 * {@link Sequential}, the loss, the regularizer and the chunk size, as plain values. The matrix
 * kernel is not sent: each executor takes its own {@link MatMulKernel#standard()} (OpenBLAS where it
 * is installed), which sums in the same fixed order as the driver's of the same kind.
 */
final class ObjectiveRecipe implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] inputs;
    private final int[] outputs;
    private final Activation[] activations;
    private final Init[] inits;
    private final double[] dropouts;
    private final Loss loss;
    private final double l2; // 0: Regularizer.NONE
    private final boolean hasL2;
    private final int chunkSize;
    private transient ModelObjective built;

    private ObjectiveRecipe(ModelObjective o, Sequential seq) {
        List<Dense> layers = seq.layers();
        int l = layers.size();
        inputs = new int[l];
        outputs = new int[l];
        activations = new Activation[l];
        inits = new Init[l];
        dropouts = new double[l];
        for (int k = 0; k < l; k++) {
            Dense d = layers.get(k);
            inputs[k] = d.inputs();
            outputs[k] = d.outputs();
            activations[k] = d.activation();
            inits[k] = d.init();
            dropouts[k] = d.dropout();
        }
        loss = o.loss();
        if (o.regularizer() instanceof Regularizer.L2 r) {
            hasL2 = true;
            l2 = r.lambda();
        } else {
            hasL2 = false; // Regularizer is sealed: None or L2
            l2 = 0;
        }
        chunkSize = o.chunkSize();
        built = o;
    }

    /**
     * The recipe of {@code o}.
     *
     * @throws IllegalArgumentException if its model is not a {@link Sequential} (a model of the user's own
     *                                  class cannot be rebuilt on an executor from its parts)
     */
    static ObjectiveRecipe of(ModelObjective o) {
        if (!(o.model() instanceof Sequential seq)) {
            throw new IllegalArgumentException("the Spark engine trains Sequential models of Dense layers;"
                    + " model " + o.model().getClass().getName() + " is not one");
        }
        return new ObjectiveRecipe(o, seq);
    }

    /** The objective, rebuilt once per JVM that holds this recipe. */
    ModelObjective objective() {
        ModelObjective o = built;
        if (o == null) {
            Dense[] layers = new Dense[inputs.length];
            for (int k = 0; k < layers.length; k++) {
                layers[k] = new Dense(inputs[k], outputs[k], activations[k], inits[k], dropouts[k]);
            }
            o = ModelObjective.of(Sequential.of(layers), loss)
                    .withRegularizer(hasL2 ? new Regularizer.L2(l2) : Regularizer.NONE)
                    .withChunkSize(chunkSize);
            built = o;
        }
        return o;
    }
}
