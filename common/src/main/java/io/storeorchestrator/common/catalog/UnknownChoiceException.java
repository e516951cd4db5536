package io.storeorchestrator.common.catalog;

/**
 * A plan, version or template the catalog does not offer (a template also when it is another engine's). The API
 * answers 400 INVALID_PLAN, INVALID_VERSION or INVALID_TEMPLATE.
 */
public final class UnknownChoiceException extends IllegalArgumentException {

    /** What was unknown. */
    public enum Kind { PLAN, VERSION, TEMPLATE }

    private final Kind kind;

    public UnknownChoiceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
