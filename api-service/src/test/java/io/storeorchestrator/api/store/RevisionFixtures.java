package io.storeorchestrator.api.store;

import io.storeorchestrator.common.domain.StoreStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Stores and revisions as the database would hold them, for the pure decision tests. */
public final class RevisionFixtures {

    public static final UUID STORE = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    public static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private RevisionFixtures() {
    }

    /** A WooCommerce store running {@code revision} ({@code plan}, {@code version}) at {@code generation}. */
    public static StoreRow store(StoreStatus status, long generation, int revision, String plan, String version) {
        return new StoreRow(STORE, "shop", "woocommerce", plan, version, revision, status, null, "store-a",
                "shop.localtest.me", generation, null, T0, T0, servedOnce(status) ? T0 : null, null, null,
                null, null, null, (short) 3, null, null, null, null);
    }

    private static boolean servedOnce(StoreStatus status) {
        return status == StoreStatus.READY || status == StoreStatus.UPDATING;
    }

    public static StoreRevision revision(int number, long generation, RevisionStatus status, String plan,
                                         String version) {
        return new StoreRevision(STORE, number, generation, version, plan, status, "made by a test",
                T0.plusSeconds(number), status == RevisionStatus.READY ? T0.plusSeconds(number + 30) : null);
    }

    public static StoreRevisions revisions(StoreRevision... all) {
        return new StoreRevisions(List.of(all));
    }
}
