/**
 * File formats: safetensors checkpoints with atomic writes, CSV datasets.
 */
module descent.io {
    requires transitive descent.core;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.csv;

    exports dev.descent.io;
}
