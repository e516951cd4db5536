package io.storeorchestrator.api.error;

import io.micronaut.http.HttpStatus;

/** Every error code the API answers with, and the HTTP status that goes with it. */
public enum ErrorCode {
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST),
    INVALID_JSON(HttpStatus.BAD_REQUEST),
    INVALID_STORE_NAME(HttpStatus.BAD_REQUEST),
    INVALID_ENGINE(HttpStatus.BAD_REQUEST),
    ENGINE_UNAVAILABLE(HttpStatus.BAD_REQUEST),
    /** A plan the catalog does not offer. */
    INVALID_PLAN(HttpStatus.BAD_REQUEST),
    /** A version the catalog does not offer of the store's engine. */
    INVALID_VERSION(HttpStatus.BAD_REQUEST),
    /** An update that asks for what the store already runs (or is already being updated to). */
    NOTHING_TO_CHANGE(HttpStatus.BAD_REQUEST),
    BAD_REQUEST(HttpStatus.BAD_REQUEST),
    /** A {@code ttl} or {@code expiresAt} that is malformed, out of bounds, or given together. */
    INVALID_EXPIRY(HttpStatus.BAD_REQUEST),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    PLAN_NOT_ALLOWED(HttpStatus.FORBIDDEN),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    /** A rollback to a revision the store does not have. */
    REVISION_NOT_FOUND(HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE),
    STORE_NAME_TAKEN(HttpStatus.CONFLICT),
    INVALID_STATE_TRANSITION(HttpStatus.CONFLICT),
    /** A rollback to what the store runs now. */
    ALREADY_AT_REVISION(HttpStatus.CONFLICT),
    /** A rollback to a revision that never served (it failed, or was superseded, or is still pending). */
    REVISION_NOT_READY(HttpStatus.CONFLICT),
    // Templates (issue 11)
    /** A template the catalog does not offer, or one of another engine. */
    INVALID_TEMPLATE(HttpStatus.BAD_REQUEST),
    TENANT_NAME_TAKEN(HttpStatus.CONFLICT),
    TENANT_HAS_STORES(HttpStatus.CONFLICT),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_ENTITY),
    PAYLOAD_TOO_LARGE(HttpStatus.REQUEST_ENTITY_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    QUOTA_EXCEEDED(HttpStatus.TOO_MANY_REQUESTS),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
    // Custom domains (issue 11)
    /** A host that cannot be a custom domain: not a DNS name of two labels or more, a wildcard, an IP, ours. */
    INVALID_DOMAIN(HttpStatus.BAD_REQUEST),
    /** Another live store holds the host. */
    DOMAIN_TAKEN(HttpStatus.CONFLICT),
    /** The store holds DOMAIN_MAX_PER_STORE custom domains already. */
    DOMAIN_LIMIT_REACHED(HttpStatus.CONFLICT),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
    DATABASE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
    /** This replica already serves as many store streams as it may (API_STREAM_MAX_CLIENTS). */
    STREAM_LIMIT_REACHED(HttpStatus.SERVICE_UNAVAILABLE),

    // Backups and restore (issue 11)
    /** Backups and restores asked for while the installation has no object storage (API_BACKUPS_ENABLED=false). */
    BACKUPS_NOT_CONFIGURED(HttpStatus.CONFLICT),
    /** A restore from a backup the store does not have. */
    BACKUP_NOT_FOUND(HttpStatus.NOT_FOUND),
    /** A restore from a backup that did not succeed (it runs still, or failed). */
    BACKUP_NOT_RESTORABLE(HttpStatus.CONFLICT);

    private final HttpStatus status;

    ErrorCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
