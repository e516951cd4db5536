package io.storeorchestrator.reaper.sweep;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.reaper.sweep.OrphanPolicy.ManagedNamespace;
import io.storeorchestrator.reaper.sweep.OrphanPolicy.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.storeorchestrator.reaper.sweep.Rows.NOW;
import static org.assertj.core.api.Assertions.assertThat;

class OrphanPolicyTest {

    private static final Duration GRACE = Duration.ofMinutes(10);
    private static final Instant OLD = NOW.minus(Duration.ofMinutes(11));
    private static final Instant YOUNG = NOW.minus(Duration.ofMinutes(9));

    private final UUID storeId = UUID.randomUUID();

    private ManagedNamespace namespace(String label, Instant createdAt, boolean terminating) {
        return new ManagedNamespace("store-" + storeId, label, createdAt, terminating);
    }

    private Verdict judge(ManagedNamespace ns, Map<UUID, StoreStatus> statuses) {
        return OrphanPolicy.judge(ns, statuses, NOW, GRACE);
    }

    @Test
    void anOldNamespaceWithoutStoreRowIsDeleted() {
        assertThat(judge(namespace(storeId.toString(), OLD, false), Map.of())).isEqualTo(Verdict.DELETE_NO_STORE);
    }

    @Test
    void anOldNamespaceOfADeletedStoreIsDeleted() {
        assertThat(judge(namespace(storeId.toString(), OLD, false), Map.of(storeId, StoreStatus.DELETED)))
                .isEqualTo(Verdict.DELETE_STORE_DELETED);
    }

    @Test
    void anOldNamespaceWithAMissingOrGarbageLabelIsDeleted() {
        assertThat(judge(namespace(null, OLD, false), Map.of())).isEqualTo(Verdict.DELETE_BAD_LABEL);
        assertThat(judge(namespace("not-a-uuid", OLD, false), Map.of())).isEqualTo(Verdict.DELETE_BAD_LABEL);
    }

    @Test
    void theNamespaceOfALiveStoreIsKeptWhateverItsAge() {
        for (StoreStatus live : new StoreStatus[]{StoreStatus.QUEUED, StoreStatus.PROVISIONING, StoreStatus.READY,
                StoreStatus.FAILED, StoreStatus.DELETING}) {
            assertThat(judge(namespace(storeId.toString(), OLD, false), Map.of(storeId, live)))
                    .as(live.name()).isEqualTo(Verdict.KEEP_LIVE_STORE);
        }
    }

    @Test
    void youngTerminatingOrUndatedNamespacesAreKept() {
        assertThat(judge(namespace(storeId.toString(), YOUNG, false), Map.of())).isEqualTo(Verdict.KEEP_TOO_YOUNG);
        assertThat(judge(namespace(storeId.toString(), OLD, true), Map.of())).isEqualTo(Verdict.KEEP_TERMINATING);
        assertThat(judge(namespace(storeId.toString(), null, false), Map.of())).isEqualTo(Verdict.KEEP_UNKNOWN_AGE);
        assertThat(Verdict.KEEP_TOO_YOUNG.delete()).isFalse();
    }

    @Test
    void onlyOldLiveNamespacesNeedTheDatabase() {
        assertThat(OrphanPolicy.oldEnoughToJudge(namespace(storeId.toString(), OLD, false), NOW, GRACE)).isTrue();
        assertThat(OrphanPolicy.oldEnoughToJudge(namespace(storeId.toString(), YOUNG, false), NOW, GRACE)).isFalse();
        assertThat(OrphanPolicy.oldEnoughToJudge(namespace(storeId.toString(), OLD, true), NOW, GRACE)).isFalse();
    }

    @Test
    void describesAKubernetesNamespace() {
        Namespace ns = new NamespaceBuilder().withNewMetadata()
                .withName("store-" + storeId)
                .addToLabels(StoreLabels.forStore(storeId, "shop", "woocommerce"))
                .withCreationTimestamp("2025-06-01T11:00:00Z")
                .withDeletionTimestamp("2025-06-01T11:59:00Z")
                .endMetadata().build();

        ManagedNamespace described = OrphanNamespaceSweep.describe(ns);

        assertThat(described.storeId()).contains(storeId);
        assertThat(described.createdAt()).isEqualTo(Instant.parse("2025-06-01T11:00:00Z"));
        assertThat(described.terminating()).isTrue();
    }
}
