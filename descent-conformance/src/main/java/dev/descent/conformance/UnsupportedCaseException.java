package dev.descent.conformance;

/**
 * A well-formed case that descent cannot replay yet (an algorithm, scheduler or option it does not
 * implement). Thrown by mappings in {@link CaseOptimizers}; it becomes an UNSUPPORTED result whose
 * reason is this message.
 */
final class UnsupportedCaseException extends Exception {

    private static final long serialVersionUID = 1L;

    UnsupportedCaseException(String reason) {
        super(reason);
    }
}
