package io.storeorchestrator.api.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.domain.StoreStatus;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code stores}. Immutable: every change is a new row value, written by {@link StoreWrites}.
 * {@code statusReason} is rendered from the failure columns ({@link StoreFailure#statusReason()}), which are set
 * together when a store fails and cleared together by the next intent; a READY store may also carry one, saying that
 * an update failed and was rolled back. {@code quotaShard} is where the store counts against the live-store quota
 * (null when it does not), set by the database on create. {@code tenantId} is the tenant whose key created it (null
 * for the platform admin's stores); it never changes.
 *
 * <p>{@code plan}, {@code version} and {@code revision} are what the store runs: the last revision that became READY
 * (revision 1 until then). An update in flight lives in {@code store_revisions} until it is READY.
 *
 * <p>{@code expiresAt} is when the reaper deletes the store (null: never); {@code expiryNoticedAt} when its EXPIRING
 * notice was applied (a notice counts for an expiry when given at most the notice period before it).
 *
 * <p>{@code template} is the catalog template the store was created from (null: none); it never changes, and only a
 * PROVISION (the create's, a retry's, a re-provisioning's) carries it to the workers.
 */
@MappedEntity("stores")
public record StoreRow(
        @Id UUID id,
        String name,
        String engine,
        String plan,
        String version,
        int revision,
        StoreStatus status,
        @Nullable String statusReason,
        String namespace,
        String host,
        long generation,
        @Nullable Instant deadlineAt,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant readyAt,
        @Nullable Instant deletedAt,
        @Nullable String failureStep,
        @Nullable String failureReason,
        @Nullable String failureMessage,
        @Nullable Instant failedAt,
        @Nullable Short quotaShard,
        @Nullable UUID tenantId,
        @Nullable Instant expiresAt,
        @Nullable Instant expiryNoticedAt,
        @Nullable String template) {

    /** Column widths of {@code stores.failure_step} and {@code failure_reason}. */
    static final int FAILURE_STEP_MAX = 64;
    static final int FAILURE_REASON_MAX = 128;

    /** A store just accepted: QUEUED, generation 1, revision 1. */
    public static StoreRow queued(UUID id, String name, Engine engine, String plan, String version, String namespace,
                                  String host, Instant deadline, Instant now, @Nullable UUID tenantId,
                                  @Nullable Instant expiresAt) {
        return queued(id, name, engine, plan, version, namespace, host, deadline, now, tenantId, expiresAt, null);
    }

    /** The same, created from {@code template} (a catalog template id, or null). */
    public static StoreRow queued(UUID id, String name, Engine engine, String plan, String version, String namespace,
                                  String host, Instant deadline, Instant now, @Nullable UUID tenantId,
                                  @Nullable Instant expiresAt, @Nullable String template) {
        return new StoreRow(id, name, engine.id(), plan, version, 1, StoreStatus.QUEUED, null, namespace, host, 1,
                deadline, now, now, null, null, null, null, null, null, null, tenantId, expiresAt, null, template);
    }

    public Engine engineType() {
        return Engine.fromId(engine).orElseThrow(() -> new IllegalStateException("unknown engine in database: " + engine));
    }

    /** Why it failed, while it is FAILED. */
    public @Nullable StoreFailure failure() {
        return failureReason == null || failedAt == null ? null
                : new StoreFailure(failureStep, failureReason, failureMessage, failedAt);
    }

    /**
     * A new intent (delete, retry, update, rollback): a new generation, so the workers drop whatever the previous one
     * was doing.
     */
    public StoreRow withIntent(StoreStatus next, @Nullable Instant deadline, Instant now) {
        return new StoreRow(id, name, engine, plan, version, revision, next, null, namespace, host, generation + 1,
                deadline, createdAt, now, readyAt, deletedAt, null, null, null, null, quotaShard, tenantId, expiresAt, expiryNoticedAt, template);
    }

    /**
     * The status change a worker or the reaper reported for the current generation. {@code readyAt} is when the
     * store first became READY: an update or a re-provisioning that ends READY again does not move it.
     *
     * @param failure why, when {@code next} is FAILED
     */
    public StoreRow withReportedStatus(StoreStatus next, @Nullable StoreFailure failure, Instant now) {
        return switch (next) {
            case FAILED -> {
                StoreFailure f = fitted(failure);
                yield new StoreRow(id, name, engine, plan, version, revision, next, f.statusReason(), namespace, host,
                        generation, deadlineAt, createdAt, now, readyAt, deletedAt, f.step(), f.reason(), f.message(),
                        f.at(), quotaShard, tenantId, expiresAt, expiryNoticedAt, template);
            }
            case READY -> new StoreRow(id, name, engine, plan, version, revision, next, null, namespace, host,
                    generation, null, createdAt, now, readyAt == null ? now : readyAt, deletedAt, null, null, null,
                    null, quotaShard, tenantId, expiresAt, expiryNoticedAt, template);
            case DELETED -> new StoreRow(id, name, engine, plan, version, revision, next, null, namespace, host,
                    generation, null, createdAt, now, readyAt, now, null, null, null, null, quotaShard, tenantId, expiresAt, expiryNoticedAt, template);
            default -> new StoreRow(id, name, engine, plan, version, revision, next, statusReason, namespace, host,
                    generation, deadlineAt, createdAt, now, readyAt, deletedAt, failureStep, failureReason,
                    failureMessage, failedAt, quotaShard, tenantId, expiresAt, expiryNoticedAt, template);
        };
    }

    /** Runs {@code revision} now, with its plan and version. */
    public StoreRow running(int revision, String plan, String version) {
        return new StoreRow(id, name, engine, plan, version, revision, status, statusReason, namespace, host,
                generation, deadlineAt, createdAt, updatedAt, readyAt, deletedAt, failureStep, failureReason,
                failureMessage, failedAt, quotaShard, tenantId, expiresAt, expiryNoticedAt, template);
    }

    /** Says why in {@code statusReason} without a failure: a rolled-back update, a re-provisioning. */
    public StoreRow explained(@Nullable String reason, Instant now) {
        return new StoreRow(id, name, engine, plan, version, revision, status, reason, namespace, host, generation,
                deadlineAt, createdAt, now, readyAt, deletedAt, failureStep, failureReason, failureMessage, failedAt,
                quotaShard, tenantId, expiresAt, expiryNoticedAt, template);
    }

    /** Work that must finish by {@code deadline} (an update, a re-provisioning) is in flight. */
    public StoreRow due(Instant deadline) {
        return new StoreRow(id, name, engine, plan, version, revision, status, statusReason, namespace, host,
                generation, deadline, createdAt, updatedAt, readyAt, deletedAt, failureStep, failureReason,
                failureMessage, failedAt, quotaShard, tenantId, expiresAt, expiryNoticedAt, template);
    }

    /** Expires at {@code expiresAt} now (null: never); a notice given for the old expiry no longer counts. */
    public StoreRow expiring(@Nullable Instant newExpiresAt, Instant now) {
        return new StoreRow(id, name, engine, plan, version, revision, status, statusReason, namespace, host,
                generation, deadlineAt, createdAt, now, readyAt, deletedAt, failureStep, failureReason, failureMessage,
                failedAt, quotaShard, tenantId, newExpiresAt, null, template);
    }

    /** Its EXPIRING notice was given now. */
    public StoreRow noticed(Instant now) {
        return new StoreRow(id, name, engine, plan, version, revision, status, statusReason, namespace, host,
                generation, deadlineAt, createdAt, updatedAt, readyAt, deletedAt, failureStep, failureReason,
                failureMessage, failedAt, quotaShard, tenantId, expiresAt, now, template);
    }

    /** Trimmed to the columns, so an over-long reason from a producer is shortened, not refused. */
    private static StoreFailure fitted(@Nullable StoreFailure failure) {
        if (failure == null) {
            throw new IllegalArgumentException("a FAILED status needs its failure");
        }
        return new StoreFailure(cut(failure.step(), FAILURE_STEP_MAX), cut(failure.reason(), FAILURE_REASON_MAX),
                failure.message(), failure.at());
    }

    static String cut(String value, int max) {
        return value.length() > max ? value.substring(0, max) : value;
    }
}
