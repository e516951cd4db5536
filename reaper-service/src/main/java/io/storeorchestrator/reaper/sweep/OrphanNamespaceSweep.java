package io.storeorchestrator.reaper.sweep;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.reaper.config.ReaperConfig;
import io.storeorchestrator.reaper.store.StoreReader;
import io.storeorchestrator.reaper.sweep.OrphanPolicy.ManagedNamespace;
import io.storeorchestrator.reaper.sweep.OrphanPolicy.Verdict;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Deletes store namespaces no store owns any more: the platform's managed label, but no store row with the id in
 * their store-id label, or a DELETED one. Namespaces without the managed label are never even listed.
 */
@Singleton
public class OrphanNamespaceSweep implements Sweep {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanNamespaceSweep.class);

    private final KubernetesClient kubernetes;
    private final StoreReader stores;
    private final ReaperMetrics metrics;
    private final Duration grace;
    private final boolean dryRun;

    public OrphanNamespaceSweep(KubernetesClient kubernetes, StoreReader stores, ReaperMetrics metrics,
                                ReaperConfig config) {
        this.kubernetes = kubernetes;
        this.stores = stores;
        this.metrics = metrics;
        this.grace = config.orphanGrace();
        this.dryRun = config.dryRun();
    }

    @Override
    public String name() {
        return "orphan-namespace";
    }

    @Override
    public void run(SweepRun run) {
        List<ManagedNamespace> managed = kubernetes.namespaces()
                .withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM)
                .list().getItems().stream()
                .map(OrphanNamespaceSweep::describe)
                .toList();
        Set<UUID> ids = managed.stream()
                .filter(ns -> OrphanPolicy.oldEnoughToJudge(ns, run.now(), grace))
                .map(ManagedNamespace::storeId)
                .flatMap(Optional::stream)
                .collect(Collectors.toSet());
        // If the database cannot be read this throws and nothing is deleted: no row must never be guessed.
        Map<UUID, StoreStatus> statuses = ids.isEmpty() ? Map.of() : stores.statusesOf(ids);
        for (ManagedNamespace namespace : managed) {
            Verdict verdict = OrphanPolicy.judge(namespace, statuses, run.now(), grace);
            if (!verdict.delete()) {
                continue;
            }
            run.checkLeading();
            if (!dryRun) {
                kubernetes.namespaces().withName(namespace.name()).delete();
            }
            metrics.action(ReaperMetrics.ORPHAN_NAMESPACE_DELETED);
            LOG.info("{} orphaned namespace {} (created {}): {}", dryRun ? "Dry run, would delete" : "Deleted",
                    namespace.name(), namespace.createdAt(), verdict.reason());
        }
    }

    static ManagedNamespace describe(Namespace namespace) {
        ObjectMeta meta = namespace.getMetadata();
        String storeId = meta.getLabels() == null ? null : meta.getLabels().get(StoreLabels.STORE_ID);
        return new ManagedNamespace(meta.getName(), storeId, parse(meta.getCreationTimestamp()),
                meta.getDeletionTimestamp() != null);
    }

    private static Instant parse(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
