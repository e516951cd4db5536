package io.storeorchestrator.reaper.sweep;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.ConfirmingPublisher;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.reaper.config.ReaperConfig;
import io.storeorchestrator.reaper.store.StoreReader;
import io.storeorchestrator.reaper.store.StoreRow;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The other direction of orphan: a live store (READY or UPDATING) whose namespace is gone. Run by the orphan sweep
 * right after it listed every managed namespace: the live stores are read a page at a time (one query each) and
 * compared with that listing; each one missing is confirmed by a GET of its namespace (it may have been created after
 * the listing began, or lost its label), then reported at once with a NAMESPACE_MISSING event. A READY one is handed to
 * the workers' self-heal as their drift check would: REPROVISIONING (the store moves to PROVISIONING) and a PROVISION
 * that resumes at the {@code reprovision} step, in one confirm. An UPDATING one gets its namespace back from its
 * update, which applies every object again when it resumes; its deadline bounds that.
 *
 * <p>The orphan guard applies the other way round: when more than REAPER_ORPHAN_MAX_SHARE of the live stores look
 * namespace-less (a wrong kubeconfig, an empty cluster), nothing is reported.
 */
@Singleton
public class MissingNamespaces {

    /** The {@code sweep} label of its guard trips. */
    public static final String GUARD = "missing-namespace";
    static final int PAGE = 1000;
    /** The re-provisioning's deadline, as the workers' WORKER_RECOVERY_TIMEOUT default gives theirs. */
    static final Duration REPROVISION_TIMEOUT = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(MissingNamespaces.class);

    private final KubernetesClient kubernetes;
    private final StoreReader stores;
    private final ConfirmingPublisher publisher;
    private final Topology topology;
    private final ReaperMetrics metrics;
    private final ReaperActions actions;
    private final OrphanSelection.Limits limits;
    private final Duration resendAfter;
    private final ResendMemory reported = new ResendMemory();

    public MissingNamespaces(KubernetesClient kubernetes, StoreReader stores, ConfirmingPublisher publisher,
                             Topology topology, ReaperMetrics metrics, ReaperActions actions, ReaperConfig config) {
        this.kubernetes = kubernetes;
        this.stores = stores;
        this.publisher = publisher;
        this.topology = topology;
        this.metrics = metrics;
        this.actions = actions;
        this.limits = config.orphanLimits();
        this.resendAfter = DeadlineSweep.resendAfter(config.interval());
    }

    /** What one check found: the live stores read, and those whose namespace the listing did not have. */
    public record Found(long live, int missing) {
    }

    /** @param present the name of every managed namespace just listed */
    public Found check(Set<String> present, SweepRun run) {
        List<StoreRow> suspects = new ArrayList<>();
        long live = 0;
        UUID after = null;
        List<StoreRow> page;
        do {
            run.checkLeading();
            page = stores.liveAfter(after, PAGE);
            live += page.size();
            page.stream().filter(store -> !present.contains(store.namespace())).forEach(suspects::add);
            after = page.isEmpty() ? null : page.getLast().id();
        } while (page.size() == PAGE);
        reported.retainOnly(suspects.stream().map(StoreRow::id).collect(Collectors.toSet()));
        if (suspects.isEmpty()) {
            return new Found(live, 0);
        }
        if (OrphanSelection.guardTrips(suspects.size(), live, limits)) {
            metrics.missingNamespaceGuardTripped();
            LOG.error("{} of {} live stores have no namespace in the cluster, more than REAPER_ORPHAN_MAX_SHARE={} "
                    + "allows: reporting none. Check the kubeconfig and the namespaces' labels.", suspects.size(), live,
                    limits.maxShare());
            return new Found(live, suspects.size());
        }
        suspects.sort(Comparator.comparing(StoreRow::updatedAt));
        int handled = 0;
        for (StoreRow store : suspects) {
            if (handled >= limits.maxPerSweep()) {
                break;
            }
            if (!reported.due(store.id(), store.generation(), run.now(), resendAfter)) {
                continue;
            }
            run.checkLeading();
            if (kubernetes.namespaces().withName(store.namespace()).get() != null) {
                continue; // there after all (created after the listing began, or not labelled as ours)
            }
            report(store, run);
            handled++;
        }
        return new Found(live, suspects.size());
    }

    private void report(StoreRow store, SweepRun run) {
        Instant now = run.now();
        List<OutgoingMessage> messages = new ArrayList<>();
        Optional<StoreCommand> provision = store.status() == StoreStatus.READY ? reprovision(store, now)
                : Optional.empty();
        String heal = provision.isPresent() ? "; it is provisioned again (revision " + store.revision() + ": plan "
                + store.plan() + ", version " + store.version() + ")"
                : store.status() == StoreStatus.UPDATING ? "; its update applies it again when it resumes" : "";
        String message = "namespace " + store.namespace() + " of this " + store.status() + " store is gone (found by "
                + "the reaper)" + heal;
        messages.add(OutgoingMessage.event(topology, new StoreEvent(UUID.randomUUID(), store.id(),
                store.generation(), StoreEventType.NAMESPACE_MISSING, StepName.NAMESPACE_CHECK.id(), message, now,
                null, null)));
        provision.ifPresent(command -> {
            messages.add(OutgoingMessage.event(topology, new StoreEvent(UUID.randomUUID(), store.id(),
                    store.generation(), StoreEventType.REPROVISIONING, StepName.REPROVISION.id(), message, now, null,
                    null, store.revision())));
            messages.add(OutgoingMessage.command(topology, command));
        });
        // Reported and handed over under one confirm: never reported as healing with nobody doing it.
        actions.perform(run, ReaperMetrics.NAMESPACE_MISSING, ReaperActions.Target.store(store, "namespace missing "
                + "generation " + store.generation()), "report that " + message, () -> publisher.publishAll(messages));
        if (provision.isPresent()) {
            metrics.action(ReaperMetrics.REPROVISION_REQUESTED);
        }
        reported.record(store.id(), store.generation(), now);
        LOG.warn("Namespace {} of {} store {} ({}) is gone: {}", store.namespace(), store.status(), store.name(),
                store.id(), actions.dryRun() ? "dry run, would report it" + (provision.isPresent()
                        ? " and have it provisioned again" : "") : "reported" + (provision.isPresent()
                        ? ", provisioning it again" : ""));
    }

    /**
     * The workers' self-heal: a PROVISION of the revision it runs, resuming at {@code reprovision}, with the template it
     * was created from (its database is new: the template goes in again).
     */
    private static Optional<StoreCommand> reprovision(StoreRow store, Instant now) {
        Optional<Engine> engine = Engine.fromId(store.engine());
        if (engine.isEmpty() || store.plan() == null || store.version() == null) {
            return Optional.empty();
        }
        return Optional.of(new StoreCommand(UUID.randomUUID(), CommandType.PROVISION, store.id(), store.name(),
                engine.get(), store.generation(), store.namespace(), store.host(), now.plus(REPROVISION_TIMEOUT), now,
                StepName.REPROVISION.id(), store.plan(), store.version(), store.revision(), null, null,
                store.tenantId() == null ? null : store.tenantId().toString()).withTemplate(store.template()));
    }
}
