package io.storeorchestrator.reaper.sweep;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.reaper.config.ReaperConfig;
import io.storeorchestrator.reaper.store.StoreReader;
import io.storeorchestrator.reaper.sweep.OrphanPolicy.ManagedNamespace;
import io.storeorchestrator.reaper.sweep.OrphanPolicy.Verdict;
import io.storeorchestrator.reaper.sweep.OrphanSelection.Candidate;
import io.storeorchestrator.reaper.sweep.OrphanSelection.Limits;
import io.storeorchestrator.reaper.sweep.OrphanSelection.Plan;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/**
 * Deletes store namespaces no store owns any more: the platform's managed label, but no store row with the id in
 * their store-id label, or a DELETED one. Namespaces without the managed label are never even listed.
 *
 * <p>One pass lists the managed namespaces page by page (one status query per page), then deletes the oldest orphans
 * up to the per-sweep cap, a few in parallel at a bounded rate; {@link OrphanSelection} decides which, and its guard
 * stops the pass when too many look orphaned. Each deletion is recorded in the audit log (actor reaper).
 *
 * <p>The same listing then serves the other direction ({@link MissingNamespaces}): live stores whose namespace is gone.
 */
@Singleton
public class OrphanNamespaceSweep implements Sweep {

    public static final String NAME = "orphan-namespace";

    private static final Logger LOG = LoggerFactory.getLogger(OrphanNamespaceSweep.class);

    private final KubernetesClient kubernetes;
    private final StoreReader stores;
    private final ReaperMetrics metrics;
    private final Duration grace;
    private final boolean dryRun;
    private final Limits limits;
    private final int pageSize;
    private final int parallelism;
    private final DeletionRate rate;
    private final ReaperActions actions;
    private final MissingNamespaces missing;

    public OrphanNamespaceSweep(KubernetesClient kubernetes, StoreReader stores, ReaperMetrics metrics,
                                ReaperActions actions, MissingNamespaces missing, ReaperConfig config) {
        this.actions = actions;
        this.missing = missing;
        this.kubernetes = kubernetes;
        this.stores = stores;
        this.metrics = metrics;
        this.grace = config.orphanGrace();
        this.dryRun = config.dryRun();
        this.limits = config.orphanLimits();
        this.pageSize = config.orphanPageSize();
        this.parallelism = config.orphanParallelism();
        this.rate = new DeletionRate(config.orphanMaxPerSecond(), System::nanoTime);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(SweepRun run) {
        Census census = census(run);
        Plan plan = OrphanSelection.plan(census.orphans(), census.managed(), limits);
        metrics.counts(NAME, census.managed(), census.orphans().size());
        orphans(plan, census, run);
        // The other direction, from the same listing; after the deletions, which only ever remove orphans.
        MissingNamespaces.Found found = missing.check(census.names(), run);
        metrics.counts(NAME, census.managed() + found.live(), census.orphans().size() + found.missing());
    }

    private void orphans(Plan plan, Census census, SweepRun run) {
        if (plan.guardTripped()) {
            metrics.orphanGuardTripped();
            LOG.error("{}{} of {} managed namespaces look orphaned, more than REAPER_ORPHAN_MAX_SHARE={} allows: "
                            + "deleting none. Check DATABASE_URL and the namespaces' labels; set "
                            + "REAPER_ORPHAN_GUARD_OVERRIDE=true only if they really are orphans.",
                    dryRun ? "Dry run: " : "", census.orphans().size(), census.managed(), limits.maxShare());
            return;
        }
        if (plan.deferred() > 0) {
            LOG.info("{} orphaned namespaces wait for a later sweep (REAPER_ORPHAN_MAX_PER_SWEEP={})",
                    plan.deferred(), limits.maxPerSweep());
        }
        delete(plan.toDelete(), run);
    }

    /** @param names every managed namespace listed */
    private record Census(List<Candidate> orphans, long managed, Set<String> names) {
    }

    /** Every managed namespace, a page at a time; keeps only the orphans, so memory grows with them alone. */
    private Census census(SweepRun run) {
        List<Candidate> orphans = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long managed = 0;
        String continueToken = null;
        do {
            run.checkLeading();
            NamespaceList page = kubernetes.namespaces()
                    .withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM)
                    .list(new ListOptionsBuilder().withLimit((long) pageSize).withContinue(continueToken).build());
            List<ManagedNamespace> namespaces = page.getItems().stream().map(OrphanNamespaceSweep::describe).toList();
            managed += namespaces.size();
            namespaces.forEach(ns -> names.add(ns.name()));
            Set<UUID> ids = namespaces.stream()
                    .filter(ns -> OrphanPolicy.oldEnoughToJudge(ns, run.now(), grace))
                    .map(ManagedNamespace::storeId)
                    .flatMap(Optional::stream)
                    .collect(Collectors.toSet());
            // If the database cannot be read this throws and nothing is deleted: no row must never be guessed.
            Map<UUID, StoreStatus> statuses = ids.isEmpty() ? Map.of() : stores.statusesOf(ids);
            for (ManagedNamespace namespace : namespaces) {
                Verdict verdict = OrphanPolicy.judge(namespace, statuses, run.now(), grace);
                if (verdict.delete()) {
                    orphans.add(new Candidate(namespace.name(), namespace.createdAt(), verdict));
                }
            }
            continueToken = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (continueToken != null && !continueToken.isEmpty());
        return new Census(orphans, managed, names);
    }

    /** At most {@code parallelism} deletions in flight, spaced by the rate; stops at once when leadership is lost. */
    private void delete(List<Candidate> chosen, SweepRun run) {
        Semaphore inFlight = new Semaphore(parallelism);
        List<Future<?>> deletions = new ArrayList<>(chosen.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Candidate candidate : chosen) {
                inFlight.acquireUninterruptibly();
                run.checkLeading();
                // One failed deletion (API server down, RBAC) stops the pass: the rest would fail the same way.
                if (deletions.stream().anyMatch(deletion -> deletion.state() == Future.State.FAILED)) {
                    break;
                }
                deletions.add(executor.submit(() -> {
                    try {
                        deleteOne(candidate, run);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            }
            for (Future<?> deletion : deletions) {
                deletion.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting orphaned namespaces", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void deleteOne(Candidate candidate, SweepRun run) throws InterruptedException {
        // Nothing reaches the API server in a dry run, so it reports the whole sweep's choice at once.
        if (!dryRun) {
            rate.acquire();
        }
        String created = String.valueOf(candidate.createdAt());
        actions.perform(run, ReaperMetrics.ORPHAN_NAMESPACE_DELETED, ReaperActions.Target.namespace(candidate.name(),
                created), "delete orphaned namespace " + candidate.name() + " (created " + created + "): "
                + candidate.verdict().reason(), () -> {
                    kubernetes.namespaces().withName(candidate.name()).delete();
                    actions.recordDeletion(candidate.name(), created, candidate.verdict().reason(), run.now());
                });
        LOG.info("{} orphaned namespace {} (created {}): {}", dryRun ? "Dry run, would delete" : "Deleted",
                candidate.name(), candidate.createdAt(), candidate.verdict().reason());
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
