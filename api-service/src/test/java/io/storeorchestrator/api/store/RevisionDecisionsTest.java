package io.storeorchestrator.api.store;

import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.StoreCommand;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;

import static io.storeorchestrator.api.store.RevisionFixtures.revision;
import static io.storeorchestrator.api.store.RevisionFixtures.revisions;
import static io.storeorchestrator.api.store.RevisionFixtures.store;
import static io.storeorchestrator.api.store.RevisionStatus.FAILED;
import static io.storeorchestrator.api.store.RevisionStatus.PENDING;
import static io.storeorchestrator.api.store.RevisionStatus.READY;
import static io.storeorchestrator.api.store.RevisionStatus.SUPERSEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevisionDecisionsTest {

    private static final StoreCatalog CATALOG = StoreCatalogLoader.defaults();
    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private static final Instant DEADLINE = NOW.plusSeconds(600);

    /** Created at 6.5, updated to 6.6 (failed, rolled back): runs revision 1, generation 3. */
    private final StoreRow ready = store(StoreStatus.READY, 3, 1, "small", "6.5");
    private final StoreRevisions history = revisions(
            revision(1, 1, READY, "small", "6.5"),
            revision(2, 2, FAILED, "small", "6.6"));

    @Test
    void anUpdateIsANewPendingRevisionUnderANewGenerationFallingBackToWhatTheStoreRuns() {
        RevisionDecisions.Decision decision = update(ready, history, null, "6.6");

        assertThat(decision.store().status()).isEqualTo(StoreStatus.UPDATING);
        assertThat(decision.store().generation()).isEqualTo(4);
        assertThat(decision.store().deadlineAt()).isEqualTo(DEADLINE);
        assertThat(decision.store().revision()).as("what it runs changes only once READY").isEqualTo(1);
        assertThat(decision.store().version()).isEqualTo("6.5");
        StoreRevision next = decision.next();
        assertThat(next.revision()).as("after the highest so far, not after the current").isEqualTo(3);
        assertThat(next.generation()).isEqualTo(4);
        assertThat(next.status()).isEqualTo(PENDING);
        assertThat(next.version()).isEqualTo("6.6");
        assertThat(next.plan()).isEqualTo("small");
        assertThat(next.reason()).isEqualTo("update: version 6.5 → 6.6");
        assertThat(next.createdAt()).isEqualTo(NOW);
        assertThat(decision.fallback()).isEqualTo(new StoreCommand.Target(1, "small", "6.5"));
        assertThat(decision.superseded()).isNull();
        assertThat(decision.changedRevisions()).isEmpty();
    }

    @Test
    void aPlanChangeKeepsTheVersionAndBothMayChangeAtOnce() {
        assertThat(update(ready, history, "medium", null).next())
                .satisfies(next -> {
                    assertThat(next.plan()).isEqualTo("medium");
                    assertThat(next.version()).isEqualTo("6.5");
                    assertThat(next.reason()).isEqualTo("update: plan small → medium");
                });
        assertThat(update(ready, history, "large", "6.6").next().reason())
                .isEqualTo("update: version 6.5 → 6.6, plan small → large");
    }

    @Test
    void askingForWhatTheStoreRunsIsNothingToChange() {
        refused(() -> update(ready, history, null, null), ErrorCode.NOTHING_TO_CHANGE);
        refused(() -> update(ready, history, "small", "6.5"), ErrorCode.NOTHING_TO_CHANGE);
        refused(() -> update(ready, history, "small", null), ErrorCode.NOTHING_TO_CHANGE);
    }

    @Test
    void thePlanAndVersionMustBeOfferedForTheStoresEngine() {
        refused(() -> update(ready, history, "huge", null), ErrorCode.INVALID_PLAN);
        refused(() -> update(ready, history, "", null), ErrorCode.INVALID_PLAN);
        refused(() -> update(ready, history, null, "2.8"), ErrorCode.INVALID_VERSION);
        refused(() -> update(ready, history, "medium", "9.9"), ErrorCode.INVALID_VERSION);
    }

    @ParameterizedTest
    @EnumSource(value = StoreStatus.class, names = {"QUEUED", "PROVISIONING", "FAILED", "DELETING", "DELETED"})
    void onlyAReadyOrUpdatingStoreCanBeUpdated(StoreStatus status) {
        refused(() -> update(store(status, 3, 1, "small", "6.5"), history, null, "6.6"),
                ErrorCode.INVALID_STATE_TRANSITION);
    }

    @Test
    void aSecondUpdateSupersedesTheOneInFlightBuildsOnItAndStillFallsBackToTheLastReadyRevision() {
        StoreRow updating = store(StoreStatus.UPDATING, 4, 1, "small", "6.5");
        StoreRevisions inFlight = revisions(revision(1, 1, READY, "small", "6.5"),
                revision(2, 2, FAILED, "small", "6.6"), revision(3, 4, PENDING, "small", "6.6"));

        RevisionDecisions.Decision decision = update(updating, inFlight, "medium", null);

        assertThat(decision.store().generation()).as("generation fencing stops the first").isEqualTo(5);
        assertThat(decision.store().status()).isEqualTo(StoreStatus.UPDATING);
        assertThat(decision.superseded()).isNotNull();
        assertThat(decision.superseded().revision()).isEqualTo(3);
        assertThat(decision.superseded().status()).isEqualTo(SUPERSEDED);
        assertThat(decision.changedRevisions()).containsExactly(decision.superseded());
        assertThat(decision.next().revision()).isEqualTo(4);
        assertThat(decision.next().generation()).isEqualTo(5);
        assertThat(decision.next().version()).as("the first update's version is kept").isEqualTo("6.6");
        assertThat(decision.next().plan()).isEqualTo("medium");
        assertThat(decision.next().reason()).isEqualTo("update: plan small → medium; supersedes revision 3");
        assertThat(decision.fallback()).as("never the superseded revision, which never served")
                .isEqualTo(new StoreCommand.Target(1, "small", "6.5"));
    }

    @Test
    void aSecondUpdateMayCancelTheFirstByAskingForWhatTheStoreRuns() {
        StoreRow updating = store(StoreStatus.UPDATING, 4, 1, "small", "6.5");
        StoreRevisions inFlight = revisions(revision(1, 1, READY, "small", "6.5"),
                revision(3, 4, PENDING, "small", "6.6"));

        RevisionDecisions.Decision decision = update(updating, inFlight, null, "6.5");
        assertThat(decision.next().version()).isEqualTo("6.5");
        assertThat(decision.next().reason()).isEqualTo("update: version 6.6 → 6.5; supersedes revision 3");

        refused(() -> update(updating, inFlight, null, "6.6"), ErrorCode.NOTHING_TO_CHANGE);
    }

    @Test
    void anUpdateWhileRollingBackStartsFromWhatTheStoreRunsAndSupersedesNothing() {
        StoreRow rollingBack = store(StoreStatus.UPDATING, 4, 1, "small", "6.5");
        StoreRevisions failed = revisions(revision(1, 1, READY, "small", "6.5"),
                revision(2, 4, FAILED, "small", "6.6"));

        RevisionDecisions.Decision decision = update(rollingBack, failed, "medium", null);
        assertThat(decision.superseded()).isNull();
        assertThat(decision.next().revision()).isEqualTo(3);
        assertThat(decision.next().version()).isEqualTo("6.5");
        assertThat(decision.fallback().revision()).isEqualTo(1);
    }

    @Test
    void aStoreWithoutRevisionRowsNumbersAfterItsOwnRevision() {
        // Created by a previous release during a rollout: no rows at all.
        StoreRow old = store(StoreStatus.READY, 1, 1, "small", "6.6");
        assertThat(update(old, StoreRevisions.none(), null, "6.5").next().revision()).isEqualTo(2);
    }

    @Test
    void aRollbackAppliesAnEarlierReadyRevisionAgainAsANewOne() {
        StoreRow runs3 = store(StoreStatus.READY, 5, 3, "medium", "6.6");
        StoreRevisions all = revisions(revision(1, 1, READY, "small", "6.5"), revision(2, 2, FAILED, "small", "6.6"),
                revision(3, 5, READY, "medium", "6.6"));

        RevisionDecisions.Decision decision = RevisionDecisions.rollback(runs3, all, 1, CATALOG, NOW, DEADLINE);

        assertThat(decision.store().status()).isEqualTo(StoreStatus.UPDATING);
        assertThat(decision.store().generation()).isEqualTo(6);
        assertThat(decision.next().revision()).isEqualTo(4);
        assertThat(decision.next().plan()).isEqualTo("small");
        assertThat(decision.next().version()).isEqualTo("6.5");
        assertThat(decision.next().reason()).isEqualTo("rollback to revision 1");
        assertThat(decision.fallback()).isEqualTo(new StoreCommand.Target(3, "medium", "6.6"));
        assertThat(decision.superseded()).isNull();
    }

    @Test
    void aRollbackIsRefusedWithWhatIsWrong() {
        StoreRow runs3 = store(StoreStatus.READY, 5, 3, "medium", "6.6");
        StoreRevisions all = revisions(revision(1, 1, READY, "small", "6.5"), revision(2, 2, FAILED, "small", "6.6"),
                revision(3, 5, READY, "medium", "6.6"), revision(4, 4, SUPERSEDED, "large", "6.5"),
                revision(5, 1, READY, "medium", "6.6"), revision(6, 1, READY, "small", "6.4"));

        refusedRollback(runs3, all, 9, ErrorCode.REVISION_NOT_FOUND);
        refusedRollback(runs3, all, 3, ErrorCode.ALREADY_AT_REVISION);
        refusedRollback(runs3, all, 2, ErrorCode.REVISION_NOT_READY);
        refusedRollback(runs3, all, 4, ErrorCode.REVISION_NOT_READY);
        // Revision 5 asked for exactly what the store runs.
        refusedRollback(runs3, all, 5, ErrorCode.ALREADY_AT_REVISION);
        // The catalog no longer offers 6.4.
        refusedRollback(runs3, all, 6, ErrorCode.INVALID_VERSION);
        refusedRollback(store(StoreStatus.UPDATING, 5, 3, "medium", "6.6"), all, 1, ErrorCode.INVALID_STATE_TRANSITION);
        refusedRollback(store(StoreStatus.FAILED, 5, 3, "medium", "6.6"), all, 1, ErrorCode.INVALID_STATE_TRANSITION);
    }

    @Test
    void aRevisionThatServedOnceIsARollbackTargetWhateverHappenedSince() {
        StoreRow runs2 = store(StoreStatus.READY, 3, 2, "small", "6.6");
        // Became READY, then a retry of a later failure took it over: its readyAt still says it served.
        StoreRevision servedOnce = new StoreRevision(RevisionFixtures.STORE, 1, 1, "6.5", "small", FAILED, "x",
                RevisionFixtures.T0, RevisionFixtures.T0);
        RevisionDecisions.Decision decision = RevisionDecisions.rollback(runs2,
                revisions(servedOnce, revision(2, 3, READY, "small", "6.6")), 1, CATALOG, NOW, DEADLINE);
        assertThat(decision.next().version()).isEqualTo("6.5");
    }

    private static RevisionDecisions.Decision update(StoreRow store, StoreRevisions revisions, String plan,
                                                     String version) {
        return RevisionDecisions.update(store, revisions, plan, version, CATALOG, NOW, DEADLINE);
    }

    private static void refusedRollback(StoreRow store, StoreRevisions revisions, int target, ErrorCode code) {
        refused(() -> RevisionDecisions.rollback(store, revisions, target, CATALOG, NOW, DEADLINE), code);
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }
}
