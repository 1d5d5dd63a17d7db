/**
 * Reads optim-golden/1 reference trajectories and replays them against descent's optimizers.
 */
module descent.conformance {
    requires transitive descent.core;
    // GoldenCase hands out its hyperparameters, schedule and problem as Jackson trees
    requires transitive com.fasterxml.jackson.databind;

    exports dev.descent.conformance;
}
