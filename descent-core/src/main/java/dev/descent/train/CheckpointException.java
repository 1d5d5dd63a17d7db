package dev.descent.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file that cannot be used: damaged, not a checkpoint, or not for this model. The
 * message names the file and what is wrong; {@link #kind()} says which, so callers can decide
 * whether an older checkpoint is worth trying ({@link Kind#isCorruption()}).
 */
public final class CheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Kind {
        /** The file ends before the header or the data it declares. */
        TRUNCATED(true),
        /** The bytes are not a well-formed checkpoint (bad header length, JSON, offsets, metadata). */
        MALFORMED(true),
        /** The data does not match the checksum recorded in the header. */
        CHECKSUM_MISMATCH(true),
        /** A tensor the checkpoint needs is absent, or one it does not know is present. */
        MISSING_TENSOR(true),
        /** A tensor has the wrong dtype or shape for what the header says it holds. */
        WRONG_TENSOR(true),
        /** The file was written by a newer (or unknown) format version. */
        UNSUPPORTED_VERSION(false),
        /** The file is sound, but its parameter layout is not the model's. */
        LAYOUT_MISMATCH(false),
        /** The file is sound, but its optimizer state does not fit the optimizer's. */
        STATE_MISMATCH(false),
        /** The file (or the pointer to it) does not exist. */
        NOT_FOUND(false);

        private final boolean corruption;

        Kind(boolean corruption) {
            this.corruption = corruption;
        }

        /**
         * True when the file itself is damaged (so an older checkpoint may still be good); false when
         * it is sound but unusable here, which an older checkpoint would most likely share.
         */
        public boolean isCorruption() {
            return corruption;
        }
    }

    private final transient Path file;
    private final Kind kind;
    private final String detail;

    /**
     * @param file   the checkpoint file
     * @param kind   what is wrong
     * @param detail what is wrong, in words; the message is {@code "checkpoint <file>: <detail>"}
     */
    public CheckpointException(Path file, Kind kind, String detail) {
        this(file, kind, detail, null);
    }

    public CheckpointException(Path file, Kind kind, String detail, Throwable cause) {
        super("checkpoint " + file + ": " + detail, cause);
        this.file = file;
        this.kind = kind;
        this.detail = detail;
    }

    /** The checkpoint file. */
    public Path file() {
        return file;
    }

    public Kind kind() {
        return kind;
    }

    /** What is wrong, without the file name. */
    public String detail() {
        return detail;
    }
}
