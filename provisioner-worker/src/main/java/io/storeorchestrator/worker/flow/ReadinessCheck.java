package io.storeorchestrator.worker.flow;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.time.Durations;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.kube.KubernetesFailure;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.worker.kube.KubernetesReader;
import io.storeorchestrator.worker.kube.WorkloadWatch;
import io.storeorchestrator.worker.model.StoreSpec;
import io.storeorchestrator.worker.readiness.ClusterSnapshot;
import io.storeorchestrator.worker.readiness.PodTemplateStamp;
import io.storeorchestrator.worker.model.WaitStep;
import io.storeorchestrator.worker.readiness.ReadinessInspector;
import io.storeorchestrator.worker.readiness.ReadinessVerdict;
import io.storeorchestrator.worker.tracing.WorkerTraces;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The wait steps, each as one look rather than a loop. At wait-ready: ready → READY (ROLLED_BACK for an automatic
 * rollback); a pod that cannot start (or a failed Job) → FAILED at once; the deadline passed → FAILED; otherwise the
 * store parks and this look runs again when a watch event or its wake-up arrives. A wait on the way (Medusa's
 * wait-database, migrations) is looked at the same way, and lets the flow go on once passed. The look reads the watch
 * caches, so waiting costs no API call.
 *
 * <p>Readiness is per attempt (generation and revision, {@link PodTemplateStamp}): only a rollout of this attempt's
 * pod template counts, and only this attempt's pods can fail it. A wake-up that finds the templates stamped by another
 * revision of the same generation belongs to an update that was rolled back meanwhile: it ends without a word.
 */
@Singleton
public final class ReadinessCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ReadinessCheck.class);
    /** Used only when a command carries no deadline (older producers): the API's default PROVISIONING_TIMEOUT. */
    static final Duration FALLBACK_TIMEOUT = Duration.ofMinutes(10);

    private final KubernetesReader reader;
    private final WorkloadWatch watch;
    private final StepSlots slots;
    private final WorkerConfig config;
    private final WorkerTraces traces;
    private final StoreCatalog catalog;
    private final Clock clock = Clock.systemUTC();

    public ReadinessCheck(KubernetesReader reader, WorkloadWatch watch, StepSlots slots, WorkerConfig config,
                          WorkerTraces traces, StoreCatalog catalog) {
        this.catalog = catalog;
        this.reader = reader;
        this.watch = watch;
        this.slots = slots;
        this.config = config;
        this.traces = traces;
    }

    /** When provisioning must have finished. */
    public static Instant deadlineOf(CommandRun run) {
        return deadlineOf(run.command());
    }

    private static Instant deadlineOf(StoreCommand command) {
        return command.deadline() != null ? command.deadline() : command.issuedAt().plus(FALLBACK_TIMEOUT);
    }

    /**
     * @return READY (ROLLED_BACK), ALREADY_DONE when a rollback replaced this attempt, or PARKED with what is missing
     * @throws StepFailedException when a pod cannot start or the deadline passed
     */
    public FlowOutcome look(CommandRun run) {
        return traces.step(StepName.WAIT_READY, () -> lookNow(run));
    }

    private FlowOutcome lookNow(CommandRun run) {
        StepName step = StepName.WAIT_READY;
        run.checkFence(step);
        Instant now = clock.instant();
        Look look = slots.run(() -> inspect(run, run.store().blueprint().readiness(run.store()), now));
        Optional<PodTemplateStamp> replacing = look.replacing(PodTemplateStamp.of(run.store()));
        // Only on a wake-up: in the delivery that applied the templates, the watch cache may not show them yet.
        if (replacing.isPresent() && run.command().resumeStep().isPresent()) {
            LOG.info("Store {} runs {} now, which replaced {}; this wake-up has nothing left to do",
                    run.store().id(), replacing.get(), PodTemplateStamp.of(run.store()));
            return new FlowOutcome.Done(CommandResult.ALREADY_DONE);
        }
        switch (look.verdict()) {
            case ReadinessVerdict.Ready _ -> {
                return ready(run);
            }
            case ReadinessVerdict.Failed failed ->
                    throw new StepFailedException(new StoreFailure(step.id(), failed.reason(), failed.message(), now));
            case ReadinessVerdict.NotReady notReady -> {
                return parkUnlessPastDeadline(run, step, notReady, now);
            }
        }
    }

    /** READY, saying which revision now serves; for an automatic rollback, ROLLED_BACK and what it undid. */
    private static FlowOutcome ready(CommandRun run) {
        StoreSpec store = run.store();
        StoreCommand command = run.command();
        String workloads = "StatefulSet " + store.databaseName() + " and Deployment " + store.appName() + " ready";
        if (command.rollbackOf() != null) {
            run.report(StoreEventType.ROLLED_BACK, StepName.ROLLBACK, "revision " + command.rollbackOf()
                    + " failed and was rolled back: the store serves revision " + store.revision() + " again ("
                    + describe(store) + "); " + workloads);
            return new FlowOutcome.Done(CommandResult.ROLLED_BACK);
        }
        String rolledOut = command.type() == CommandType.UPDATE
                ? "revision " + store.revision() + " (" + describe(store) + ") rolled out; " : "";
        run.report(StoreEventType.READY, StepName.WAIT_READY, rolledOut + workloads + "; store serves at "
                + store.host());
        return new FlowOutcome.Done(CommandResult.READY);
    }

    static String describe(StoreSpec store) {
        return "plan " + store.plan().id() + ", version " + store.version().version();
    }

    /**
     * A wait on the way (Medusa's wait-database, and its migrations Job), looked at once as wait-ready is: got past
     * it → a STEP event (sent with the next stage's) and empty, so the flow goes on; a failure → FAILED; otherwise the
     * store parks there and resumes there.
     */
    public Optional<FlowOutcome.Park> passed(CommandRun run, WaitStep wait) {
        StepName step = wait.step();
        return traces.step(step, () -> {
            run.checkFence(step);
            Instant now = clock.instant();
            ReadinessVerdict verdict = slots.run(() -> inspect(run, wait, now)).verdict();
            switch (verdict) {
                case ReadinessVerdict.Ready _ -> {
                    run.defer(StoreEventType.STEP, step, passedMessage(wait));
                    return Optional.empty();
                }
                case ReadinessVerdict.Failed failed ->
                        throw new StepFailedException(new StoreFailure(step.id(), failed.reason(), failed.message(), now));
                case ReadinessVerdict.NotReady notReady -> {
                    return Optional.of(parkUnlessPastDeadline(run, step, notReady, now));
                }
            }
        });
    }

    private static String passedMessage(WaitStep wait) {
        List<String> done = new ArrayList<>();
        wait.statefulSets().forEach(name -> done.add("StatefulSet " + name + " ready"));
        wait.deployments().forEach(name -> done.add("Deployment " + name + " ready"));
        wait.jobs().forEach(name -> done.add("Job " + name + " complete"));
        return String.join(", ", done);
    }

    private FlowOutcome.Park parkUnlessPastDeadline(CommandRun run, StepName step, ReadinessVerdict.NotReady notReady,
                                                    Instant now) {
        Instant deadline = deadlineOf(run);
        if (!now.isBefore(deadline)) {
            throw new StepFailedException(new StoreFailure(step.id(), StoreFailure.DEADLINE_EXCEEDED,
                    "not ready " + Durations.precise(Duration.between(run.command().issuedAt(), now))
                            + " after the request: " + notReady.waitingFor(), now));
        }
        return new FlowOutcome.Park(step, notReady.waitingFor());
    }

    /**
     * Whether a parked store would only park again: what it waits for at the step it parked at, read from the watch
     * caches, is neither there nor failed, and its deadline has not passed. Lets a watch event that changes nothing
     * cost no lease, no statement and no event; false whenever the caches cannot answer, so the full look decides.
     */
    public boolean stillWaiting(StoreCommand parked) {
        if (parked.type() == CommandType.BACKUP || parked.type() == CommandType.RESTORE) {
            return false; // their waits (Jobs of their own) are no blueprint's: the full look decides
        }
        StoreSpec store;
        try {
            store = StoreSpec.from(parked, catalog);
        } catch (IllegalArgumentException e) {
            return false; // the full look reports it
        }
        Instant now = clock.instant();
        if (!now.isBefore(deadlineOf(parked))) {
            return false;
        }
        WaitStep wait = parked.resumeStep().flatMap(step -> store.blueprint().waitAt(store, step))
                .orElse(store.blueprint().readiness(store));
        return watch.snapshot(store, wait)
                .filter(snapshot -> new Look(snapshot, null).replacing(PodTemplateStamp.of(store)).isEmpty())
                .map(snapshot -> new ReadinessInspector(store, config.unschedulableGrace()).inspect(wait, snapshot, now))
                .map(verdict -> verdict instanceof ReadinessVerdict.NotReady)
                .orElse(false);
    }

    private Look inspect(CommandRun run, WaitStep wait, Instant now) {
        try {
            ClusterSnapshot snapshot = reader.snapshot(run.store(), wait);
            return new Look(snapshot, new ReadinessInspector(run.store(), config.unschedulableGrace())
                    .inspect(wait, snapshot, now));
        } catch (RuntimeException e) {
            KubernetesFailure failure = KubernetesFailure.of(e);
            if (!failure.transientError()) {
                return new Look(null, new ReadinessVerdict.Failed(failure.reason(),
                        "reading the store's workloads: " + failure.message()));
            }
            // The next look asks again; the deadline bounds how long an unreachable API server is tolerated.
            LOG.warn("Reading workloads failed, will look again: {}: {}", failure.reason(), failure.message());
            return new Look(null, new ReadinessVerdict.NotReady("Kubernetes API (" + failure.reason() + ": "
                    + failure.message() + ")"));
        }
    }

    /** What one look read, and what it concluded. */
    private record Look(ClusterSnapshot snapshot, ReadinessVerdict verdict) {

        /** The stamp of another attempt of the same generation found on a workload's template, if any. */
        Optional<PodTemplateStamp> replacing(PodTemplateStamp attempt) {
            if (snapshot == null) {
                return Optional.empty();
            }
            return Stream.concat(snapshot.deployments().values().stream().map(Look::template),
                            snapshot.statefulSets().values().stream().map(Look::template))
                    .flatMap(template -> PodTemplateStamp.onTemplate(template).stream())
                    .filter(attempt::replacedBy)
                    .findFirst();
        }

        private static PodTemplateSpec template(io.fabric8.kubernetes.api.model.apps.Deployment deployment) {
            return deployment == null || deployment.getSpec() == null ? null : deployment.getSpec().getTemplate();
        }

        private static PodTemplateSpec template(io.fabric8.kubernetes.api.model.apps.StatefulSet statefulSet) {
            return statefulSet == null || statefulSet.getSpec() == null ? null : statefulSet.getSpec().getTemplate();
        }
    }
}
