package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * How a command that failed for good ends, decided from the command and its failure alone, so every worker decides
 * the same. Only an update that names a fallback revision rolls back; everything else fails the store:
 *
 * <ul>
 *   <li>an UPDATE with a fallback (what the API sends for a PATCH or a requested rollback) → ROLLING_BACK, and its
 *       automatic rollback: the fallback applied again under the same generation;</li>
 *   <li>an automatic rollback ({@code rollbackOf} set) → FAILED, saying the update and its rollback both failed; it
 *       names no fallback, so a rollback is never rolled back;</li>
 *   <li>an UPDATE without a fallback, a PROVISION → FAILED with the failure as it is.</li>
 * </ul>
 *
 * Stops are not failures and never come here: a superseded command, one whose store is already where it leads, a lost
 * lease or a stopping worker.
 */
public sealed interface RollbackDecision {

    /** Reason of the failure when an update's rollback failed too: a program can tell it from a first failure. */
    String ROLLBACK_FAILED = "RollbackFailed";

    /** The store becomes FAILED with {@code failure}. */
    record Fail(StoreFailure failure) implements RollbackDecision {
    }

    /**
     * The update is undone: {@code rollingBack} is reported and {@code rollback} sent, under one confirm.
     *
     * @param rollingBack the ROLLING_BACK event, about the failed revision, with its reason
     * @param rollback    the rollback command: an UPDATE to the fallback, same generation, fresh deadline
     */
    record RollBack(StoreEvent rollingBack, StoreCommand rollback) implements RollbackDecision {
    }

    /**
     * @param timeout how long the rollback has, from {@code now}
     */
    static RollbackDecision of(StoreCommand failed, StoreFailure failure, Instant now, Duration timeout) {
        if (failed.type() != CommandType.UPDATE) {
            return new Fail(failure);
        }
        if (failed.rollbackOf() != null) {
            return new Fail(new StoreFailure(failure.step(), ROLLBACK_FAILED, "the update to revision "
                    + failed.rollbackOf() + " failed and so did its rollback to revision " + failed.appliedRevision()
                    + ": " + failure.reason() + ": " + failure.message(), failure.at()));
        }
        if (failed.fallback() == null || failed.fallback().revision() == failed.appliedRevision()) {
            return new Fail(failure);
        }
        StoreCommand rollback = failed.rollback(now, now.plus(timeout));
        // Named by what it is about, not at random: a wake-up of the failed update that comes before the rollback has
        // replaced its pods fails the same way, and must repeat this event (which the API then applies once), not add
        // a second one.
        StoreEvent rollingBack = new StoreEvent(rollingBackId(failed), failed.storeId(), failed.generation(),
                StoreEventType.ROLLING_BACK, StepName.ROLLBACK.id(), failure.statusReason()
                + "; rolling back to revision " + failed.fallback().revision() + " (plan " + failed.fallback().plan()
                + ", version " + failed.fallback().version() + ")", now, failure.reason(), null,
                failed.appliedRevision());
        return new RollBack(rollingBack, rollback);
    }

    static UUID rollingBackId(StoreCommand failed) {
        return UUID.nameUUIDFromBytes(("rolling-back:" + failed.storeId() + ":" + failed.generation() + ":"
                + failed.appliedRevision()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
