package io.storeorchestrator.common.catalog;

/** A plan or version the catalog does not offer. The API answers 400 INVALID_PLAN or INVALID_VERSION. */
public final class UnknownChoiceException extends IllegalArgumentException {

    /** What was unknown. */
    public enum Kind { PLAN, VERSION }

    private final Kind kind;

    public UnknownChoiceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
