package io.storeorchestrator.worker.drift;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.UnknownChoiceException;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.domains.StoreDomains;
import io.storeorchestrator.worker.fencing.LeaseLostException;
import io.storeorchestrator.worker.fencing.StoreLease;
import io.storeorchestrator.worker.fencing.StoreLeases;
import io.storeorchestrator.worker.fencing.StoreRow;
import io.storeorchestrator.worker.flow.EventReporter;
import io.storeorchestrator.worker.flow.StepSlots;
import io.storeorchestrator.worker.kube.KubernetesApplier;
import io.storeorchestrator.worker.kube.KubernetesFailure;
import io.storeorchestrator.worker.kube.KubernetesStepException;
import io.storeorchestrator.worker.kube.RetryListener;
import io.storeorchestrator.worker.messaging.WorkerMetrics;
import io.storeorchestrator.worker.model.StoreObjects;
import io.storeorchestrator.worker.model.StoreSpec;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks one READY store against what the platform applied, under the store's lease so it never races a command:
 *
 * <ol>
 *   <li>take the lease, unless it is busy or the store was checked recently (then another worker has it covered);</li>
 *   <li>read the store's objects ({@link ClusterObjects}) and compare each with the built one
 *       ({@link DriftComparator});</li>
 *   <li>namespace gone → REPROVISIONING, and a PROVISION of the store's revision sent in the same confirm;</li>
 *   <li>objects drifted → apply each again (server-side apply takes the fields back) and report DRIFT_CORRECTED naming
 *       every object and what changed.</li>
 * </ol>
 *
 * The store's row is read again with the lease before anything is written: a store that left READY (an update, a
 * delete) meanwhile is left to its command. Jobs are never re-run: they are one-off steps, not state.
 */
@Singleton
public final class DriftCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DriftCheck.class);

    /** How a check ended. */
    public enum Outcome {
        /** Everything the platform applied is there. */
        IN_SYNC,
        /** Objects were applied again. */
        CORRECTED,
        /** The namespace was gone; the store is being provisioned again. */
        REPROVISIONING,
        /** Not checked: busy, checked recently, no longer READY, or the cluster could not be read. */
        SKIPPED
    }

    private final StoreLeases leases;
    private final ClusterObjects cluster;
    private final KubernetesApplier applier;
    private final EventReporter events;
    private final Topology topology;
    private final StepSlots slots;
    private final WorkerConfig config;
    private final StoreCatalog catalog;
    private final WorkerMetrics metrics;
    private final ReadyStores readyStores;
    private final StoreDomains domains;
    private final Clock clock = Clock.systemUTC();

    public DriftCheck(StoreLeases leases, ClusterObjects cluster, KubernetesApplier applier, EventReporter events,
                      Topology topology, StepSlots slots, WorkerConfig config, StoreCatalog catalog,
                      WorkerMetrics metrics, ReadyStores readyStores, StoreDomains domains) {
        this.domains = domains;
        this.leases = leases;
        this.cluster = cluster;
        this.applier = applier;
        this.events = events;
        this.topology = topology;
        this.slots = slots;
        this.config = config;
        this.catalog = catalog;
        this.metrics = metrics;
        this.readyStores = readyStores;
    }

    /**
     * @param notWithin skip the store when its lease was taken this recently (a check or a command just ran)
     */
    public Outcome check(ReadyStore store, Duration notWithin) {
        String holder = "drift-" + UUID.randomUUID();
        Optional<StoreLease> lease;
        try {
            lease = leases.acquireForCheck(store.id(), holder, config.leaseDuration(), notWithin);
        } catch (SQLException e) {
            LOG.warn("Drift check of store {} skipped: PostgreSQL: {}", store.id(), e.getMessage());
            return Outcome.SKIPPED;
        }
        if (lease.isEmpty()) {
            return Outcome.SKIPPED;
        }
        try {
            return underLease(store, lease.get());
        } catch (LeaseLostException e) {
            LOG.info("Drift check of store {} stopped: {}", store.id(), e.getMessage());
            return Outcome.SKIPPED;
        } finally {
            lease.get().releaseChecked();
        }
    }

    private Outcome underLease(ReadyStore row, StoreLease lease) {
        StoreSpec built;
        try {
            built = row.spec(catalog);
        } catch (UnknownChoiceException e) {
            LOG.warn("Drift check of store {} skipped: {}", row.id(), e.getMessage());
            return Outcome.SKIPPED;
        }
        if (!built.customHosts().isEmpty()) {
            // Read again under the lease: a DOMAINS command that removed a host since the sweep's read ran before it,
            // and its Ingress must not be put back from the stale list.
            try {
                built = built.withCustomHosts(domains.served(row.id()).stream().map(StoreDomains.Served::host)
                        .toList());
            } catch (SQLException e) {
                LOG.warn("Drift check of store {} skipped: PostgreSQL: {}", row.id(), e.getMessage());
                return Outcome.SKIPPED;
            }
        }
        StoreSpec store = built;
        // Certificates (custom domains) are cert-manager's to keep: a missing one is applied again by the next
        // DOMAINS command or provisioning, not by drift checks, which read only built-in kinds.
        List<HasMetadata> desired = StoreObjects.all(store, config).stream()
                .filter(object -> !(object instanceof Job) && !(object instanceof GenericKubernetesResource)).toList();
        ClusterObjects.Found found;
        try {
            found = slots.run(() -> cluster.read(store, desired));
        } catch (RuntimeException e) {
            KubernetesFailure failure = KubernetesFailure.of(e);
            LOG.warn("Drift check of store {} skipped: reading its objects: {}: {}", row.id(), failure.reason(),
                    failure.message());
            return Outcome.SKIPPED;
        }
        if (found.namespaceGone()) {
            return stillReady(row, lease) ? reprovision(row, store) : Outcome.SKIPPED;
        }
        if (found.namespaceTerminating()) {
            return Outcome.SKIPPED; // gone soon; the check after that provisions it again
        }
        List<Correction> corrections = new ArrayList<>();
        for (HasMetadata object : desired) {
            drift(object, found.actual(object)).ifPresent(drift -> corrections.add(new Correction(object, drift)));
        }
        if (corrections.isEmpty()) {
            return Outcome.IN_SYNC;
        }
        if (!stillReady(row, lease)) {
            return Outcome.SKIPPED;
        }
        return correct(row, corrections);
    }

    /**
     * How {@code actual} differs from {@code desired}. An object created once (the content volume's claim) drifts
     * only by being gone: its status, its bound volume and the size a later plan asks for are not corrections to make.
     */
    static Optional<ObjectDrift> drift(HasMetadata desired, HasMetadata actual) {
        if (StoreObjects.isCreatedOnce(desired)) {
            return actual == null ? Optional.of(ObjectDrift.deleted(desired.getKind(), desired.getMetadata().getName()))
                    : Optional.empty();
        }
        return DriftComparator.compare(desired, actual);
    }

    /** What the lease's renewal reads: the store is still READY at the generation the check was built for. */
    private static boolean stillReady(ReadyStore row, StoreLease lease) {
        Optional<StoreRow> now = lease.renewAndRead();
        return now.isPresent() && now.get().status() == StoreStatus.READY && now.get().generation() == row.generation();
    }

    private Outcome correct(ReadyStore row, List<Correction> corrections) {
        List<String> corrected = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        RetryListener quiet = (what, attempt, failure, wait) -> LOG.debug("drift: {} retried ({})", what,
                failure.reason());
        for (Correction correction : corrections) {
            try {
                slots.run(() -> correction.desired() instanceof PersistentVolumeClaim claim
                        ? applier.createIfAbsent(claim, quiet)
                        : applier.apply(correction.desired(), quiet, correction.drift().deleted()));
                corrected.add(correction.drift().describe());
            } catch (KubernetesStepException e) {
                failed.add(correction.drift().kind() + " " + correction.drift().name() + " (" + e.failure().reason()
                        + ": " + e.failure().message() + ")");
            }
        }
        List<StoreEvent> report = new ArrayList<>();
        if (!corrected.isEmpty()) {
            report.add(about(row, StoreEvent.of(row.id(), row.generation(), StoreEventType.DRIFT_CORRECTED,
                    StepName.DRIFT, String.join("; ", corrected))));
        }
        if (!failed.isEmpty()) {
            report.add(about(row, StoreEvent.of(row.id(), row.generation(), StoreEventType.WARNING, StepName.DRIFT,
                    "could not correct " + String.join("; ", failed) + "; tried again at the next check")));
        }
        events.report(report);
        metrics.driftCorrected(corrected.size());
        LOG.info("Store {} drifted; corrected {}{}", row.id(), corrected, failed.isEmpty() ? "" : ", failed " + failed);
        return corrected.isEmpty() ? Outcome.SKIPPED : Outcome.CORRECTED;
    }

    /**
     * The namespace is gone and with it everything the store ran on: provision the store's revision again, under the
     * same generation, as a PROVISION that resumes at the {@code reprovision} step (its fence accepts the store still
     * READY: {@code FenceDecision.decide(command, row)}). The event and the command go out under one confirm: the
     * store is never reported as re-provisioning with nobody doing it.
     */
    private Outcome reprovision(ReadyStore row, StoreSpec store) {
        Instant now = clock.instant();
        String template;
        try {
            template = readyStores.template(row.id()).orElse(null);
        } catch (SQLException e) {
            LOG.warn("Re-provisioning of store {} postponed: PostgreSQL: {}", row.id(), e.getMessage());
            return Outcome.SKIPPED;
        }
        // Its database went with the namespace: the template it was created from goes in again.
        StoreCommand provision = new StoreCommand(UUID.randomUUID(), CommandType.PROVISION, row.id(), row.name(),
                row.engine(), row.generation(), row.namespace(), row.host(), now.plus(config.recoveryTimeout()), now,
                StepName.REPROVISION.id(), store.plan().id(), store.version().version(), row.revision(), null, null,
                row.tenant()).withTemplate(template);
        StoreEvent reprovisioning = about(row, StoreEvent.of(row.id(), row.generation(),
                StoreEventType.REPROVISIONING, StepName.REPROVISION, "namespace " + row.namespace()
                        + " was deleted out of band; the store is provisioned again (revision " + store.revision()
                        + ": plan " + store.plan().id() + ", version " + store.version().version() + ")"));
        events.report(List.of(reprovisioning), List.of(OutgoingMessage.command(topology, provision)));
        metrics.reprovisioned();
        LOG.warn("Namespace {} of READY store {} is gone; provisioning it again", row.namespace(), row.id());
        return Outcome.REPROVISIONING;
    }

    private static StoreEvent about(ReadyStore row, StoreEvent event) {
        return row.revision() == null ? event : event.aboutRevision(row.revision());
    }

    private record Correction(HasMetadata desired, ObjectDrift drift) {
    }
}
