package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.kube.KubernetesFailure;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.worker.kube.KubernetesReader;
import io.storeorchestrator.worker.kube.WorkloadWatch;
import io.storeorchestrator.worker.model.StoreSpec;
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

/**
 * The wait steps, each as one look rather than a loop. At wait-ready: ready → READY; a pod that cannot start (or a
 * failed Job) → FAILED at once; the deadline passed → FAILED; otherwise the store parks and this look runs again when
 * a watch event or its wake-up arrives. A wait on the way (Medusa's wait-database, migrations) is looked at the same
 * way, and lets the flow go on once passed. The look reads the watch caches, so waiting costs no API call.
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
     * @return READY, or PARKED at wait-ready with what is missing
     * @throws StepFailedException when a pod cannot start or the deadline passed
     */
    public FlowOutcome look(CommandRun run) {
        return traces.step(StepName.WAIT_READY, () -> lookNow(run));
    }

    private FlowOutcome lookNow(CommandRun run) {
        StepName step = StepName.WAIT_READY;
        run.checkFence(step);
        Instant now = clock.instant();
        ReadinessVerdict verdict = slots.run(() -> inspect(run, run.store().blueprint().readiness(run.store()), now));
        switch (verdict) {
            case ReadinessVerdict.Ready _ -> {
                run.report(StoreEventType.READY, step, "StatefulSet " + run.store().databaseName() + " and Deployment "
                        + run.store().appName() + " ready; store serves at " + run.store().host());
                return new FlowOutcome.Done(CommandResult.READY);
            }
            case ReadinessVerdict.Failed failed ->
                    throw new StepFailedException(new StoreFailure(step.id(), failed.reason(), failed.message(), now));
            case ReadinessVerdict.NotReady notReady -> {
                return parkUnlessPastDeadline(run, step, notReady, now);
            }
        }
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
            ReadinessVerdict verdict = slots.run(() -> inspect(run, wait, now));
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
                    "not ready " + Durations.human(Duration.between(run.command().issuedAt(), now))
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
        return watch.snapshot(store)
                .map(snapshot -> new ReadinessInspector(store, config.unschedulableGrace()).inspect(wait, snapshot, now))
                .map(verdict -> verdict instanceof ReadinessVerdict.NotReady)
                .orElse(false);
    }

    private ReadinessVerdict inspect(CommandRun run, WaitStep wait, Instant now) {
        try {
            return new ReadinessInspector(run.store(), config.unschedulableGrace())
                    .inspect(wait, reader.snapshot(run.store()), now);
        } catch (RuntimeException e) {
            KubernetesFailure failure = KubernetesFailure.of(e);
            if (!failure.transientError()) {
                return new ReadinessVerdict.Failed(failure.reason(), "reading the store's workloads: " + failure.message());
            }
            // The next look asks again; the deadline bounds how long an unreachable API server is tolerated.
            LOG.warn("Reading workloads failed, will look again: {}: {}", failure.reason(), failure.message());
            return new ReadinessVerdict.NotReady("Kubernetes API (" + failure.reason() + ": " + failure.message() + ")");
        }
    }
}
