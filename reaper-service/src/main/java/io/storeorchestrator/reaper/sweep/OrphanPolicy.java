package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.common.domain.StoreStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Pure decisions of the orphaned-namespace sweep. */
public final class OrphanPolicy {

    /**
     * What the reaper knows about a namespace that carries the platform's managed label.
     *
     * @param storeIdLabel the store-id label, possibly missing or not a UUID
     * @param createdAt    creation timestamp; null if the API server did not give a parseable one
     * @param terminating  deletion already requested (deletionTimestamp set)
     */
    public record ManagedNamespace(String name, String storeIdLabel, Instant createdAt, boolean terminating) {

        public Optional<UUID> storeId() {
            if (storeIdLabel == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(UUID.fromString(storeIdLabel));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    public enum Verdict {
        KEEP_LIVE_STORE(false, "its store is live"),
        KEEP_TOO_YOUNG(false, "younger than the orphan grace"),
        KEEP_TERMINATING(false, "already terminating"),
        KEEP_UNKNOWN_AGE(false, "no creation timestamp"),
        DELETE_NO_STORE(true, "no store has its id"),
        DELETE_STORE_DELETED(true, "its store is DELETED"),
        DELETE_BAD_LABEL(true, "its store-id label is missing or not a store id");

        private final boolean delete;
        private final String reason;

        Verdict(boolean delete, String reason) {
            this.delete = delete;
            this.reason = reason;
        }

        public boolean delete() {
            return delete;
        }

        public String reason() {
            return reason;
        }
    }

    private OrphanPolicy() {
    }

    /** Whether the store rows need to be consulted at all (saves a query for young or terminating namespaces). */
    public static boolean oldEnoughToJudge(ManagedNamespace namespace, Instant now, Duration grace) {
        return !namespace.terminating() && namespace.createdAt() != null
                && namespace.createdAt().plus(grace).isBefore(now);
    }

    /**
     * @param statuses the status of every store (among the namespaces' ids) that has a row
     */
    public static Verdict judge(ManagedNamespace namespace, Map<UUID, StoreStatus> statuses, Instant now,
                                Duration grace) {
        if (namespace.terminating()) {
            return Verdict.KEEP_TERMINATING;
        }
        if (namespace.createdAt() == null) {
            return Verdict.KEEP_UNKNOWN_AGE;
        }
        // The grace leaves alone what someone is still setting up (a store restored by hand, a namespace labelled
        // before its row is written) and absorbs clock skew between the API server and the reaper.
        if (!oldEnoughToJudge(namespace, now, grace)) {
            return Verdict.KEEP_TOO_YOUNG;
        }
        Optional<UUID> storeId = namespace.storeId();
        if (storeId.isEmpty()) {
            return Verdict.DELETE_BAD_LABEL;
        }
        StoreStatus status = statuses.get(storeId.get());
        if (status == null) {
            return Verdict.DELETE_NO_STORE;
        }
        return status == StoreStatus.DELETED ? Verdict.DELETE_STORE_DELETED : Verdict.KEEP_LIVE_STORE;
    }
}
