package io.storeorchestrator.api.events;

import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.store.RevisionStatus;
import io.storeorchestrator.api.store.StoreRevision;
import io.storeorchestrator.api.store.StoreRevisions;
import io.storeorchestrator.api.store.StoreRow;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.domain.StoreStateMachine;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What one worker or reaper event does to its store and the store's revisions. Pure, so every rule is unit-tested;
 * {@link EventApplier} runs it over a batch and writes the result.
 *
 * <p>Only events of the store's current generation change anything, and status moves only where the state machine
 * allows; anything else is only recorded in the timeline. Events without a revision (producers from before revisions)
 * are about the revision the current generation asked for while it is PENDING, or else the one the store runs.
 *
 * <ul>
 *   <li>READY: the store runs that revision now (its plan and version), and the revision is READY.</li>
 *   <li>UPDATE_STARTED: UPDATING (usually already, since the API moved it when it accepted the update).</li>
 *   <li>ROLLING_BACK: the failed revision is FAILED with its reason; the store stays UPDATING and says so.</li>
 *   <li>ROLLED_BACK: READY again at the restored revision, with {@code statusReason} saying what failed.</li>
 *   <li>FAILED: the store FAILED; the revision being applied, if still PENDING, FAILED with the reason (a revision
 *       that once served stays READY: it is still something to roll back to).</li>
 *   <li>REPROVISIONING: PROVISIONING again, with a deadline and the event's message as the reason.</li>
 *   <li>EXPIRING (the reaper's notice): the store notes when it was given, so the reaper gives it once per expiry.</li>
 *   <li>DELETE_REQUESTED (the reaper's): if the store still expired ({@code expiry}: its expiry, as the API now
 *       reads it, has passed; an extension since wins) or is still FAILED ({@code failed-retention}), DELETING under a
 *       new generation with its TEARDOWN, as a delete request does; its revision in flight is superseded.</li>
 * </ul>
 */
final class EventRules {

    /**
     * What an event changed.
     *
     * @param store         the store after it
     * @param revisions     revisions whose row changed
     * @param statusChanged whether the store's status moved
     */
    record Effect(StoreRow store, List<StoreRevision> revisions, boolean statusChanged,
                  @Nullable StoreCommand command) {

        Effect(StoreRow store, List<StoreRevision> revisions, boolean statusChanged) {
            this(store, revisions, statusChanged, null);
        }
    }

    /** The reaper's clock and the API's may differ this much: an expiry this close ahead counts as passed. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final Duration workTimeout;

    /** @param workTimeout how long re-provisioning (or an update a worker starts on its own) may take */
    EventRules(Duration workTimeout) {
        this.workTimeout = workTimeout;
    }

    /** Whether the event may change its store, so the store must be locked first. */
    static boolean touchesStore(StoreEvent event) {
        return event.type().resultingStatus().isPresent() || event.type() == StoreEventType.ROLLING_BACK
                || event.type() == StoreEventType.EXPIRING
                // Backups and restore (issue 11): a scheduled backup is decided on the locked store
                || event.type() == StoreEventType.BACKUP_REQUESTED;
    }

    /** Whether applying the event reads the store's revisions. */
    static boolean touchesRevisions(StoreEvent event) {
        return switch (event.type()) {
            case READY, FAILED, ROLLING_BACK, ROLLED_BACK, DELETE_REQUESTED -> true;
            default -> false;
        };
    }

    /** @return empty when the event only goes into the timeline */
    Optional<Effect> apply(StoreRow store, StoreRevisions revisions, StoreEvent event, Instant now) {
        if (event.generation() != store.generation()) {
            return Optional.empty();
        }
        return switch (event.type()) {
            case ROLLING_BACK -> rollingBack(store, revisions, event, now);
            case ROLLED_BACK -> rolledBack(store, revisions, event, now);
            case EXPIRING -> live(store) && store.expiresAt() != null
                    ? Optional.of(new Effect(store.noticed(now), List.of(), false)) : Optional.empty();
            case DELETE_REQUESTED -> requestedDeletion(store, revisions, event, now);
            // Backups and restore (issue 11): READY again, at the revision it ran; a failed restore says why.
            case RESTORED, RESTORE_FAILED -> restored(store, event, now);
            default -> event.type().resultingStatus().flatMap(target -> move(store, revisions, event, target, now));
        };
    }

    private Optional<Effect> move(StoreRow store, StoreRevisions revisions, StoreEvent event, StoreStatus target,
                                  Instant now) {
        // Same status (UPDATE_STARTED on a store the API already moved to UPDATING): nothing to write.
        if (target == store.status() || !StoreStateMachine.canTransition(store.status(), target)) {
            return Optional.empty();
        }
        StoreRow changed = store.withReportedStatus(target, target == StoreStatus.FAILED ? event.failure() : null, now);
        List<StoreRevision> revised = new ArrayList<>();
        switch (target) {
            case READY -> {
                Optional<StoreRevision> applied = about(store, revisions, event);
                if (applied.isPresent()) {
                    StoreRevision ready = applied.get().ready(now);
                    revised.add(ready);
                    changed = changed.running(ready.revision(), ready.plan(), ready.version());
                }
            }
            case FAILED -> about(store, revisions, event).filter(r -> r.status() == RevisionStatus.PENDING)
                    .ifPresent(r -> revised.add(r.failed(why(event))));
            case PROVISIONING -> {
                if (event.type() == StoreEventType.REPROVISIONING) {
                    changed = changed.explained(event.message(), now).due(now.plus(workTimeout));
                }
            }
            case UPDATING -> changed = changed.due(now.plus(workTimeout));
            default -> {
            }
        }
        return Optional.of(new Effect(changed, revised, true));
    }

    /** The reaper asked for the deletion of a store that expired or stayed FAILED too long; still so? */
    private static Optional<Effect> requestedDeletion(StoreRow store, StoreRevisions revisions, StoreEvent event,
                                                      Instant now) {
        if (!live(store)) {
            return Optional.empty();
        }
        boolean due = switch (StepName.fromId(event.step()).orElse(StepName.DELETE)) {
            case EXPIRY -> store.expiresAt() != null && !store.expiresAt().isAfter(now.plus(CLOCK_SKEW));
            case FAILED_RETENTION -> store.status() == StoreStatus.FAILED;
            default -> false;
        };
        if (!due) {
            return Optional.empty();
        }
        StoreRow deleting = store.withIntent(StoreStatus.DELETING, null, now);
        List<StoreRevision> superseded = revisions.inFlight(store.generation()).map(StoreRevision::superseded)
                .stream().toList();
        StoreCommand teardown = new StoreCommand(UUID.randomUUID(), CommandType.TEARDOWN, store.id(), store.name(),
                store.engineType(), deleting.generation(), store.namespace(), store.host(), null, now, null, null,
                null, null, null, null, store.tenantId() == null ? null : store.tenantId().toString());
        return Optional.of(new Effect(deleting, superseded, true, teardown));
    }

    /** A restore ended: READY again; RESTORE_FAILED keeps its message as the store's statusReason. */
    private static Optional<Effect> restored(StoreRow store, StoreEvent event, Instant now) {
        if (store.status() != StoreStatus.RESTORING) {
            return Optional.empty();
        }
        StoreRow ready = store.withReportedStatus(StoreStatus.READY, null, now);
        if (event.type() == StoreEventType.RESTORE_FAILED) {
            ready = ready.explained(event.message(), now);
        }
        return Optional.of(new Effect(ready, List.of(), true));
    }

    /** Not being deleted already. */
    private static boolean live(StoreRow store) {
        return store.status() != StoreStatus.DELETING && store.status() != StoreStatus.DELETED;
    }

    /** An update failed; the worker is returning the store to the revision it runs. */
    private Optional<Effect> rollingBack(StoreRow store, StoreRevisions revisions, StoreEvent event, Instant now) {
        if (store.status() != StoreStatus.UPDATING) {
            return Optional.empty();
        }
        Optional<StoreRevision> failed = about(store, revisions, event)
                .filter(r -> r.status() == RevisionStatus.PENDING).map(r -> r.failed(why(event)));
        String reason = failedUpdate(failed.orElse(null), why(event)) + "; rolling back to revision "
                + store.revision();
        return Optional.of(new Effect(store.explained(reason, now), failed.stream().toList(), false));
    }

    /** The store serves the revision it ran before the update again. */
    private Optional<Effect> rolledBack(StoreRow store, StoreRevisions revisions, StoreEvent event, Instant now) {
        if (!StoreStateMachine.canTransition(store.status(), StoreStatus.READY)) {
            return Optional.empty();
        }
        List<StoreRevision> revised = new ArrayList<>();
        // The revision this generation asked for: FAILED by ROLLING_BACK already, unless that event never came.
        StoreRevision failed = revisions.askedFor(store.generation()).orElse(null);
        if (failed != null && failed.status() == RevisionStatus.PENDING) {
            failed = failed.failed(why(event));
            revised.add(failed);
        }
        int restoredNumber = event.revision() == null ? store.revision() : event.revision();
        StoreRow changed = store.withReportedStatus(StoreStatus.READY, null, now);
        Optional<StoreRevision> restored = revisions.find(restoredNumber);
        if (restored.isPresent()) {
            StoreRevision ready = restored.get().ready(now);
            revised.add(ready);
            changed = changed.running(ready.revision(), ready.plan(), ready.version());
        }
        String reason = failedUpdate(failed, failed == null ? why(event) : failed.reason())
                + "; rolled back to revision " + restoredNumber;
        return Optional.of(new Effect(changed.explained(reason, now), revised, true));
    }

    /**
     * The revision the event is about: the one it names, else the one its generation asked for while still PENDING,
     * else the one the store runs (a re-provisioning, a retry of a store created before revisions).
     */
    private static Optional<StoreRevision> about(StoreRow store, StoreRevisions revisions, StoreEvent event) {
        if (event.revision() != null) {
            return revisions.find(event.revision());
        }
        return revisions.inFlight(store.generation()).or(() -> revisions.find(store.revision()));
    }

    /** {@code CrashLoopBackOff: container wordpress restarted 5 times}, from the event's reason and message. */
    private static String why(StoreEvent event) {
        StoreFailure failure = event.failure();
        return failure.reason() + ": " + failure.message();
    }

    private static String failedUpdate(@Nullable StoreRevision failed, String why) {
        return (failed == null ? "an update" : "update to " + failed.describe()) + " failed: " + why;
    }
}
