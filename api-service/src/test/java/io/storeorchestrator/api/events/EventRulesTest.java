package io.storeorchestrator.api.events;

import io.storeorchestrator.api.store.StoreRevision;
import io.storeorchestrator.api.store.StoreRevisions;
import io.storeorchestrator.api.store.StoreRow;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.storeorchestrator.api.store.RevisionFixtures.STORE;
import static io.storeorchestrator.api.store.RevisionFixtures.T0;
import static io.storeorchestrator.api.store.RevisionFixtures.revision;
import static io.storeorchestrator.api.store.RevisionFixtures.revisions;
import static io.storeorchestrator.api.store.RevisionFixtures.store;
import static io.storeorchestrator.api.store.RevisionStatus.FAILED;
import static io.storeorchestrator.api.store.RevisionStatus.PENDING;
import static io.storeorchestrator.api.store.RevisionStatus.READY;
import static org.assertj.core.api.Assertions.assertThat;

class EventRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final EventRules rules = new EventRules(TIMEOUT);

    /** Runs revision 1 (6.5); revision 2 (6.6), asked for by generation 2, is being applied. */
    private final StoreRow updating = store(StoreStatus.UPDATING, 2, 1, "small", "6.5");
    private final StoreRevisions updateInFlight = revisions(revision(1, 1, READY, "small", "6.5"),
            revision(2, 2, PENDING, "small", "6.6"));

    @Test
    void readyAboutARevisionMakesTheStoreRunItAndTheRevisionReady() {
        EventRules.Effect effect = apply(updating, updateInFlight, event(2, StoreEventType.READY, null, 2)).orElseThrow();

        assertThat(effect.statusChanged()).isTrue();
        StoreRow ready = effect.store();
        assertThat(ready.status()).isEqualTo(StoreStatus.READY);
        assertThat(ready.revision()).isEqualTo(2);
        assertThat(ready.version()).isEqualTo("6.6");
        assertThat(ready.plan()).isEqualTo("small");
        assertThat(ready.deadlineAt()).isNull();
        assertThat(ready.readyAt()).as("when it first became READY").isEqualTo(T0);
        assertThat(effect.revisions()).singleElement().satisfies(r -> {
            assertThat(r.revision()).isEqualTo(2);
            assertThat(r.status()).isEqualTo(READY);
            assertThat(r.readyAt()).isEqualTo(NOW);
        });
    }

    @Test
    void readyWithoutARevisionIsAboutTheOneItsGenerationAskedFor() {
        StoreRow provisioning = store(StoreStatus.PROVISIONING, 1, 1, "medium", "6.6");
        EventRules.Effect effect = apply(provisioning, revisions(revision(1, 1, PENDING, "medium", "6.6")),
                event(1, StoreEventType.READY, null, null)).orElseThrow();
        assertThat(effect.store().status()).isEqualTo(StoreStatus.READY);
        assertThat(effect.store().readyAt()).isEqualTo(NOW);
        assertThat(effect.store().revision()).isEqualTo(1);
        assertThat(effect.revisions()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(READY));

        // Without the revision of its generation either (a store created before revisions), the store just moves.
        EventRules.Effect old = apply(provisioning, StoreRevisions.none(), event(1, StoreEventType.READY, null, null))
                .orElseThrow();
        assertThat(old.store().status()).isEqualTo(StoreStatus.READY);
        assertThat(old.revisions()).isEmpty();
    }

    @Test
    void updateStartedOnAStoreAlreadyUpdatingChangesNothing() {
        assertThat(apply(updating, updateInFlight, event(2, StoreEventType.UPDATE_STARTED, null, 2))).isEmpty();

        EventRules.Effect fromReady = apply(store(StoreStatus.READY, 2, 1, "small", "6.5"), updateInFlight,
                event(2, StoreEventType.UPDATE_STARTED, null, 2)).orElseThrow();
        assertThat(fromReady.store().status()).isEqualTo(StoreStatus.UPDATING);
        assertThat(fromReady.store().deadlineAt()).isEqualTo(NOW.plus(TIMEOUT));
    }

    @Test
    void rollingBackFailsTheRevisionWithItsReasonAndKeepsTheStoreUpdating() {
        EventRules.Effect effect = apply(updating, updateInFlight,
                event(2, StoreEventType.ROLLING_BACK, "CrashLoopBackOff", 2)).orElseThrow();

        assertThat(effect.statusChanged()).isFalse();
        assertThat(effect.store().status()).isEqualTo(StoreStatus.UPDATING);
        assertThat(effect.store().statusReason()).isEqualTo("update to revision 2 (version 6.6, plan small) failed: "
                + "CrashLoopBackOff: the message; rolling back to revision 1");
        assertThat(effect.store().failure()).isNull();
        assertThat(effect.revisions()).singleElement().satisfies(r -> {
            assertThat(r.revision()).isEqualTo(2);
            assertThat(r.status()).isEqualTo(FAILED);
            assertThat(r.reason()).isEqualTo("CrashLoopBackOff: the message");
        });
    }

    @Test
    void rolledBackIsReadyAtTheRestoredRevisionSayingWhatFailed() {
        StoreRevisions afterRollingBack = updateInFlight.with(
                updateInFlight.find(2).orElseThrow().failed("ImagePullBackOff: no such image"));
        EventRules.Effect effect = apply(updating, afterRollingBack, event(2, StoreEventType.ROLLED_BACK, null, 1))
                .orElseThrow();

        assertThat(effect.statusChanged()).isTrue();
        StoreRow ready = effect.store();
        assertThat(ready.status()).isEqualTo(StoreStatus.READY);
        assertThat(ready.revision()).isEqualTo(1);
        assertThat(ready.version()).isEqualTo("6.5");
        assertThat(ready.failure()).as("READY: no failure object").isNull();
        assertThat(ready.statusReason()).isEqualTo("update to revision 2 (version 6.6, plan small) failed: "
                + "ImagePullBackOff: no such image; rolled back to revision 1");
        assertThat(effect.revisions()).extracting(StoreRevision::revision, StoreRevision::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, READY));
    }

    @Test
    void rolledBackWithoutRollingBackFirstStillFailsTheRevision() {
        EventRules.Effect effect = apply(updating, updateInFlight,
                event(2, StoreEventType.ROLLED_BACK, "ProgressDeadlineExceeded", 1)).orElseThrow();
        assertThat(effect.revisions()).filteredOn(r -> r.revision() == 2).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(FAILED));
        assertThat(effect.store().statusReason()).startsWith("update to revision 2").contains("ProgressDeadlineExceeded")
                .endsWith("rolled back to revision 1");
    }

    @Test
    void failedWhileUpdatingFailsTheStoreAndThePendingRevisionButNeverOneThatServed() {
        EventRules.Effect noRollback = apply(updating, updateInFlight, event(2, StoreEventType.FAILED,
                "DeadlineExceeded", null)).orElseThrow();
        assertThat(noRollback.store().status()).isEqualTo(StoreStatus.FAILED);
        assertThat(noRollback.store().failure().reason()).isEqualTo("DeadlineExceeded");
        assertThat(noRollback.store().revision()).as("still what it last ran").isEqualTo(1);
        assertThat(noRollback.revisions()).singleElement().satisfies(r -> {
            assertThat(r.revision()).isEqualTo(2);
            assertThat(r.status()).isEqualTo(FAILED);
            assertThat(r.reason()).isEqualTo("DeadlineExceeded: the message");
        });

        // The rollback itself failed: the update's revision is FAILED already; revision 1 served and stays READY.
        StoreRevisions rolledBackFailed = updateInFlight.with(updateInFlight.find(2).orElseThrow().failed("x: y"));
        EventRules.Effect rollbackFailed = apply(updating, rolledBackFailed, event(2, StoreEventType.FAILED,
                "CrashLoopBackOff", 1)).orElseThrow();
        assertThat(rollbackFailed.store().status()).isEqualTo(StoreStatus.FAILED);
        assertThat(rollbackFailed.revisions()).isEmpty();
    }

    @Test
    void failedWhileProvisioningFailsRevisionOne() {
        EventRules.Effect effect = apply(store(StoreStatus.PROVISIONING, 1, 1, "small", "6.6"),
                revisions(revision(1, 1, PENDING, "small", "6.6")), event(1, StoreEventType.FAILED, null, null))
                .orElseThrow();
        assertThat(effect.revisions()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(FAILED);
            assertThat(r.reason()).as("a producer without a reason").isEqualTo("Failed: the message");
        });
    }

    @Test
    void reprovisioningSaysWhyAndHasADeadlineThenReadyKeepsTheRevision() {
        StoreRow ready = store(StoreStatus.READY, 2, 1, "small", "6.5");
        StoreRevisions afterFailedUpdate = revisions(revision(1, 1, READY, "small", "6.5"),
                revision(2, 2, FAILED, "small", "6.6"));
        EventRules.Effect effect = apply(ready, afterFailedUpdate, event(2, StoreEventType.REPROVISIONING, null, null))
                .orElseThrow();
        StoreRow provisioning = effect.store();
        assertThat(provisioning.status()).isEqualTo(StoreStatus.PROVISIONING);
        assertThat(provisioning.statusReason()).isEqualTo("the message");
        assertThat(provisioning.deadlineAt()).isEqualTo(NOW.plus(TIMEOUT));

        // Its generation asked for revision 2, which FAILED: READY without a revision is about the one it runs.
        EventRules.Effect back = apply(provisioning, afterFailedUpdate, event(2, StoreEventType.READY, null, null))
                .orElseThrow();
        assertThat(back.store().status()).isEqualTo(StoreStatus.READY);
        assertThat(back.store().revision()).isEqualTo(1);
        assertThat(back.store().statusReason()).isNull();
        assertThat(back.store().readyAt()).as("first READY kept").isEqualTo(T0);
        assertThat(back.revisions()).singleElement().satisfies(r -> {
            assertThat(r.revision()).isEqualTo(1);
            assertThat(r.readyAt()).as("first READY kept").isEqualTo(T0.plusSeconds(31));
        });
    }

    @Test
    void eventsOfAnOlderGenerationOrIllegalMovesOnlyGoToTheTimeline() {
        StoreRow superseding = store(StoreStatus.UPDATING, 3, 1, "small", "6.5");
        for (StoreEventType type : StoreEventType.values()) {
            assertThat(apply(superseding, updateInFlight, event(2, type, "Old", 2))).as(type.name()).isEmpty();
        }
        StoreRow deleting = store(StoreStatus.DELETING, 2, 1, "small", "6.5");
        assertThat(apply(deleting, updateInFlight, event(2, StoreEventType.ROLLING_BACK, "X", 2))).isEmpty();
        assertThat(apply(deleting, updateInFlight, event(2, StoreEventType.ROLLED_BACK, null, 1))).isEmpty();
        assertThat(apply(deleting, updateInFlight, event(2, StoreEventType.READY, null, 2))).isEmpty();
    }

    @Test
    void driftCorrectionsAndStepsAreTimelineOnly() {
        assertThat(EventRules.touchesStore(event(2, StoreEventType.DRIFT_CORRECTED, null, 1))).isFalse();
        assertThat(EventRules.touchesStore(event(2, StoreEventType.STEP, null, null))).isFalse();
        assertThat(EventRules.touchesStore(event(2, StoreEventType.ROLLING_BACK, null, 2))).isTrue();
        assertThat(EventRules.touchesStore(event(2, StoreEventType.REPROVISIONING, null, null))).isTrue();
        assertThat(apply(store(StoreStatus.READY, 2, 1, "small", "6.5"), updateInFlight,
                event(2, StoreEventType.DRIFT_CORRECTED, null, 1))).isEmpty();
    }

    @Test
    void anExpiringNoticeIsNotedOnALiveStoreWithAnExpiry() {
        StoreRow ready = store(StoreStatus.READY, 1, 1, "small", "6.6").expiring(NOW.plusSeconds(600), T0);
        EventRules.Effect effect = apply(ready, StoreRevisions.none(), event(1, StoreEventType.EXPIRING, null, null))
                .orElseThrow();
        assertThat(effect.statusChanged()).isFalse();
        assertThat(effect.store().expiryNoticedAt()).isEqualTo(NOW);
        assertThat(effect.command()).isNull();
        assertThat(apply(store(StoreStatus.READY, 1, 1, "small", "6.6"), StoreRevisions.none(),
                event(1, StoreEventType.EXPIRING, null, null))).as("its expiry was cleared since").isEmpty();
    }

    @Test
    void anExpiredStoresDeletionIsADeleteWithItsTeardown() {
        StoreEvent request = deletion(2, "expiry");
        StoreRow expired = updating.expiring(NOW.minusSeconds(1), T0);
        EventRules.Effect effect = apply(expired, updateInFlight, request).orElseThrow();
        assertThat(effect.statusChanged()).isTrue();
        assertThat(effect.store().status()).isEqualTo(StoreStatus.DELETING);
        assertThat(effect.store().generation()).as("a new intent").isEqualTo(3);
        assertThat(effect.command().type()).isEqualTo(io.storeorchestrator.common.messaging.CommandType.TEARDOWN);
        assertThat(effect.command().generation()).isEqualTo(3);
        assertThat(effect.revisions()).singleElement().satisfies(r -> {
            assertThat(r.revision()).isEqualTo(2);
            assertThat(r.status()).isEqualTo(io.storeorchestrator.api.store.RevisionStatus.SUPERSEDED);
        });
    }

    @Test
    void anExpiryExtendedSinceTheRequestWins() {
        StoreRow extended = updating.expiring(NOW.plusSeconds(3600), T0);
        assertThat(apply(extended, updateInFlight, deletion(2, "expiry"))).isEmpty();
        StoreRow cleared = updating.expiring(null, T0);
        assertThat(apply(cleared, updateInFlight, deletion(2, "expiry"))).isEmpty();
        StoreRow skewed = updating.expiring(NOW.plusSeconds(3), T0);
        assertThat(apply(skewed, updateInFlight, deletion(2, "expiry"))).as("within the clock skew").isPresent();
    }

    @Test
    void aFailedRetentionDeletionOnlyTakesAStoreStillFailedAtThatGeneration() {
        StoreRow failed = store(StoreStatus.FAILED, 2, 1, "small", "6.6");
        assertThat(apply(failed, StoreRevisions.none(), deletion(2, "failed-retention"))).isPresent();
        assertThat(apply(failed, StoreRevisions.none(), deletion(1, "failed-retention"))).as("retried since")
                .isEmpty();
        assertThat(apply(store(StoreStatus.READY, 2, 1, "small", "6.6"), StoreRevisions.none(),
                deletion(2, "failed-retention"))).isEmpty();
    }

    @Test
    void aStoreBeingDeletedIsNotDeletedAgain() {
        StoreRow deleting = store(StoreStatus.DELETING, 2, 1, "small", "6.6").expiring(NOW.minusSeconds(60), T0);
        assertThat(apply(deleting, StoreRevisions.none(), deletion(2, "expiry"))).isEmpty();
    }

    // Backups and restore (issue 11)
    @Test
    void aRestoreEndsReadyAtTheRevisionItRanAndAFailedOneSaysWhy() {
        StoreRow restoring = store(StoreStatus.RESTORING, 3, 1, "small", "6.5");
        EventRules.Effect restored = apply(restoring, StoreRevisions.none(),
                event(3, StoreEventType.RESTORED, null, 1)).orElseThrow();
        assertThat(restored.statusChanged()).isTrue();
        assertThat(restored.store().status()).isEqualTo(StoreStatus.READY);
        assertThat(restored.store().revision()).isEqualTo(1);
        assertThat(restored.store().statusReason()).isNull();
        assertThat(restored.revisions()).isEmpty();

        EventRules.Effect putBack = apply(restoring, StoreRevisions.none(),
                event(3, StoreEventType.RESTORE_FAILED, null, 1)).orElseThrow();
        assertThat(putBack.store().status()).isEqualTo(StoreStatus.READY);
        assertThat(putBack.store().statusReason()).isEqualTo("the message");

        // Only a RESTORING store at the event's generation is moved.
        assertThat(apply(store(StoreStatus.READY, 3, 1, "small", "6.5"), StoreRevisions.none(),
                event(3, StoreEventType.RESTORED, null, 1))).isEmpty();
        assertThat(apply(restoring, StoreRevisions.none(), event(2, StoreEventType.RESTORED, null, 1))).isEmpty();
    }

    @Test
    void backupEventsNeverChangeTheStore() {
        StoreRow ready = store(StoreStatus.READY, 3, 1, "small", "6.5");
        assertThat(apply(ready, StoreRevisions.none(), event(3, StoreEventType.BACKUP_SUCCEEDED, null, 1))).isEmpty();
        assertThat(apply(ready, StoreRevisions.none(), event(3, StoreEventType.BACKUP_FAILED, "X", 1))).isEmpty();
    }

    private static StoreEvent deletion(long generation, String step) {
        return new StoreEvent(UUID.randomUUID(), STORE, generation, StoreEventType.DELETE_REQUESTED, step, "expired",
                NOW, null, null, null);
    }

    private java.util.Optional<EventRules.Effect> apply(StoreRow store, StoreRevisions revisions, StoreEvent event) {
        return rules.apply(store, revisions, event, NOW);
    }

    private static StoreEvent event(long generation, StoreEventType type, String reason, Integer revision) {
        return new StoreEvent(UUID.randomUUID(), STORE, generation, type, "test", "the message", NOW, reason, null,
                revision);
    }
}
