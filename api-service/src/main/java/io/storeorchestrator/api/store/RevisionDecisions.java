package io.storeorchestrator.api.store;

import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.UnknownChoiceException;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.StoreCommand;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an update ({@code PATCH}) or a rollback request does to a store, decided from the store as locked and its
 * revisions. Pure: no database, so every rule is unit-tested.
 *
 * <ul>
 *   <li>Both move a READY store to UPDATING with a new generation and a new revision (the highest so far + 1,
 *       PENDING), and fall back to the revision the store runs, which is the last one that became READY.</li>
 *   <li>An update may also supersede one in flight (the store is UPDATING): the in-flight revision becomes
 *       SUPERSEDED, the new one starts from what that one asked for, and the fallback is still the revision the store
 *       runs — never the superseded one, which never served.</li>
 *   <li>A rollback goes to a revision that once served, and only from READY.</li>
 * </ul>
 */
public final class RevisionDecisions {

    /**
     * A decided update or rollback.
     *
     * @param store      the store as it is to be written: UPDATING, the next generation, the new deadline
     * @param next       the new revision, PENDING, under the store's new generation
     * @param superseded the revision in flight it replaces, now SUPERSEDED; null when none was
     * @param fallback   what the worker returns to should {@code next} fail: the revision the store runs
     */
    public record Decision(StoreRow store, StoreRevision next, @Nullable StoreRevision superseded,
                           StoreCommand.Target fallback) {

        /** Revision rows that exist and change. */
        public List<StoreRevision> changedRevisions() {
            return superseded == null ? List.of() : List.of(superseded);
        }
    }

    private RevisionDecisions() {
    }

    /**
     * @param plan    the plan asked for; null keeps the one the store has (or is being updated to)
     * @param version the version asked for; null keeps it likewise
     */
    public static Decision update(StoreRow store, StoreRevisions revisions, @Nullable String plan,
                                  @Nullable String version, StoreCatalog catalog, Instant now, Instant deadline) {
        if (store.status() != StoreStatus.READY && store.status() != StoreStatus.UPDATING) {
            throw new ApiException(ErrorCode.INVALID_STATE_TRANSITION,
                    "Only a READY store can be updated; this one is " + store.status());
        }
        // An update in flight is where the store is heading: a second one starts from there, and replaces it.
        Optional<StoreRevision> inFlight = store.status() == StoreStatus.UPDATING
                ? revisions.inFlight(store.generation()) : Optional.empty();
        String basePlan = inFlight.map(StoreRevision::plan).orElse(store.plan());
        String baseVersion = inFlight.map(StoreRevision::version).orElse(store.version());
        String wantedPlan = plan == null ? basePlan : plan;
        String wantedVersion = version == null ? baseVersion : version;
        requireOffered(catalog, store, wantedPlan, wantedVersion, "");
        if (wantedPlan.equals(basePlan) && wantedVersion.equals(baseVersion)) {
            throw new ApiException(ErrorCode.NOTHING_TO_CHANGE, (inFlight.isPresent()
                    ? "The store is already being updated to version " : "The store already runs version ")
                    + baseVersion + " on plan " + basePlan);
        }
        List<String> changes = new ArrayList<>();
        if (!wantedVersion.equals(baseVersion)) {
            changes.add("version " + baseVersion + " → " + wantedVersion);
        }
        if (!wantedPlan.equals(basePlan)) {
            changes.add("plan " + basePlan + " → " + wantedPlan);
        }
        String reason = "update: " + String.join(", ", changes)
                + inFlight.map(r -> "; supersedes revision " + r.revision()).orElse("");
        return decide(store, revisions, wantedPlan, wantedVersion, reason, inFlight.orElse(null), now, deadline);
    }

    /** Applies revision {@code target} again, as a new revision. */
    public static Decision rollback(StoreRow store, StoreRevisions revisions, int target, StoreCatalog catalog,
                                    Instant now, Instant deadline) {
        if (store.status() != StoreStatus.READY) {
            throw new ApiException(ErrorCode.INVALID_STATE_TRANSITION,
                    "Only a READY store can be rolled back; this one is " + store.status());
        }
        StoreRevision wanted = revisions.find(target).orElseThrow(() -> new ApiException(
                ErrorCode.REVISION_NOT_FOUND, "The store has no revision " + target));
        if (target == store.revision()) {
            throw new ApiException(ErrorCode.ALREADY_AT_REVISION, "The store runs revision " + target + " now");
        }
        if (!wanted.everReady()) {
            throw new ApiException(ErrorCode.REVISION_NOT_READY, "Revision " + target + " never became READY ("
                    + wanted.status() + "); only a revision that served can be rolled back to");
        }
        if (wanted.sameConfigurationAs(store.plan(), store.version())) {
            throw new ApiException(ErrorCode.ALREADY_AT_REVISION, "The store runs what revision " + target
                    + " asked for (version " + wanted.version() + ", plan " + wanted.plan() + ") as revision "
                    + store.revision());
        }
        requireOffered(catalog, store, wanted.plan(), wanted.version(), "Revision " + target + ": ");
        return decide(store, revisions, wanted.plan(), wanted.version(), "rollback to revision " + target, null, now,
                deadline);
    }

    private static Decision decide(StoreRow store, StoreRevisions revisions, String plan, String version,
                                   String reason, @Nullable StoreRevision superseded, Instant now, Instant deadline) {
        StoreRow updating = store.withIntent(StoreStatus.UPDATING, deadline, now);
        StoreRevision next = StoreRevision.pending(updating, revisions.latest(store) + 1, plan, version, reason, now);
        StoreCommand.Target fallback = new StoreCommand.Target(store.revision(), store.plan(), store.version());
        return new Decision(updating, next, superseded == null ? null : superseded.superseded(), fallback);
    }

    /** The catalog is the one judge of plans and versions; what it says is wrong becomes a 400 with its message. */
    private static void requireOffered(StoreCatalog catalog, StoreRow store, String plan, String version,
                                       String prefix) {
        try {
            catalog.choose(store.engineType(), plan, version);
        } catch (UnknownChoiceException e) {
            throw choiceError(e, prefix);
        }
    }

    /** The 400 for a plan, version or template the catalog does not offer. */
    public static ApiException choiceError(UnknownChoiceException e, String prefix) {
        ErrorCode code = switch (e.kind()) {
            case PLAN -> ErrorCode.INVALID_PLAN;
            case VERSION -> ErrorCode.INVALID_VERSION;
            case TEMPLATE -> ErrorCode.INVALID_TEMPLATE;
        };
        return new ApiException(code, prefix + e.getMessage());
    }
}
