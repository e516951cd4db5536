package io.storeorchestrator.worker.flow;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.domains.DomainsReconciler;
import io.storeorchestrator.worker.kube.ApplyOutcome;
import io.storeorchestrator.worker.kube.KubernetesApplier;
import io.storeorchestrator.worker.kube.RetryListener;
import io.storeorchestrator.worker.model.Phase;
import io.storeorchestrator.worker.model.StoreSecret;
import io.storeorchestrator.worker.model.StoreSpec;
import io.storeorchestrator.worker.model.StoreStep;
import io.storeorchestrator.worker.model.WaitStep;
import io.storeorchestrator.worker.readiness.JobReadiness;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Provisioning, as the store's engine blueprint lays it out ({@link io.storeorchestrator.worker.model.EngineBlueprint#phases}):
 * phases of steps applied in parallel, one after another, with waits between them. A wait is one look: past it, the
 * flow goes on; otherwise the store parks, holding nothing, and its wake-up resumes at that wait. Every step converges
 * (a re-run reports UNCHANGED), so a command redelivered after a worker died picks up where it was.
 *
 * <pre>
 * WooCommerce: namespace → quota | limits | network-policies | secret | services → database | application → ingress
 *              (| domains, when it has verified custom domains) → wait-ready
 * Medusa:      namespace → quota | limits | network-policies | secret | services → database | cache → wait-database
 *              → migrations → (its Job, at migrations) → admin-user | application → ingress → wait-ready
 * </pre>
 */
@Singleton
public final class ProvisionFlow {

    private final KubernetesApplier applier;
    private final StageRunner stages;
    private final ReadinessCheck readiness;
    private final WaitingStores waiting;
    private final WorkerConfig config;
    private final DomainsReconciler domains;
    private final SecureRandom random = new SecureRandom();

    public ProvisionFlow(KubernetesApplier applier, StageRunner stages, ReadinessCheck readiness, WaitingStores waiting,
                         WorkerConfig config, DomainsReconciler domains) {
        this.domains = domains;
        this.applier = applier;
        this.stages = stages;
        this.readiness = readiness;
        this.waiting = waiting;
        this.config = config;
    }

    /** The store's step names in the order they are reported, waits included, wait-ready last. */
    public List<StepName> stepNames(StoreSpec store) {
        return store.blueprint().phases(store, config).stream().flatMap(phase -> switch (phase) {
            case Phase.Apply apply -> apply.steps().stream().map(StoreStep::name);
            case Phase.Await await -> Stream.of(await.step().step());
        }).toList();
    }

    /**
     * Applies every phase from the start, or, for a wake-up, from the wait the store parked at: the one its message
     * names, or a later one this worker parked the same command at since (watch wake-ups run ahead of the durable
     * wake-up, which would otherwise repeat the steps in between).
     *
     * @return READY, or PARKED with what the store waits for
     * @throws StepFailedException     when a step fails for good (the store becomes FAILED)
     * @throws CommandStoppedException when a newer intent superseded the command
     * @throws RequeueException        when the worker is stopping
     */
    public FlowOutcome run(CommandRun run) {
        return run(run, true);
    }

    /**
     * The same without the STARTED event: what an update or a rollback does ({@link UpdateFlow} reports its own
     * start and checks the fence before it).
     */
    public FlowOutcome applyAll(CommandRun run) {
        return run(run, false);
    }

    private FlowOutcome run(CommandRun run, boolean provisioning) {
        StoreSpec store = run.store();
        Optional<StepName> resumeAt = resumeAt(store, run.command());
        if (resumeAt.isPresent() && resumeAt.get() == StepName.WAIT_READY) {
            return readiness.look(run); // the last wait: nothing left to build or apply
        }
        List<Phase> phases = store.blueprint().phases(store, config);
        int from = resumeIndex(phases, resumeAt);
        if (from == 0 && provisioning) {
            run.checkFence(StepName.PROVISION);
            // Goes out with the first stage's events: one confirm round trip instead of two.
            run.defer(StoreEventType.STARTED, StepName.PROVISION, "provisioning " + store.engine().id()
                    + " store " + store.name() + " (generation " + run.command().generation() + ")");
        }
        for (Phase phase : phases.subList(from, phases.size())) {
            switch (phase) {
                case Phase.Apply apply -> stages.run(run, apply.steps().stream().map(this::step).toList());
                case Phase.Await await -> {
                    Optional<FlowOutcome> stop = await(run, await.step());
                    if (stop.isPresent()) {
                        return stop.get();
                    }
                }
            }
        }
        throw new IllegalStateException(store.engine().id() + "'s blueprint does not end with wait-ready");
    }

    /** The later of the wait the delivery's message names and the one this worker last parked the command at. */
    private Optional<StepName> resumeAt(StoreSpec store, StoreCommand command) {
        List<StepName> waits = store.blueprint().waits(store).stream().map(WaitStep::step).toList();
        return Stream.of(command.resumeStep(), waiting.parkedAt(command)).flatMap(Optional::stream)
                .filter(waits::contains)
                .max(Comparator.comparingInt(waits::indexOf));
    }

    /**
     * Where a delivery starts: at the wait it parked at (its wake-up), or at the beginning for a new command or a
     * wake-up for a step this blueprint does not wait at (every step converges, so starting over is safe).
     */
    static int resumeIndex(List<Phase> phases, Optional<StepName> resumeAt) {
        if (resumeAt.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i) instanceof Phase.Await await && await.step().step() == resumeAt.get()) {
                return i;
            }
        }
        return 0;
    }

    /** wait-ready ends the flow (READY or parked); an earlier wait lets it go on, or parks it. */
    private Optional<FlowOutcome> await(CommandRun run, WaitStep wait) {
        if (wait.step() == StepName.WAIT_READY) {
            return Optional.of(readiness.look(run));
        }
        return readiness.passed(run, wait).map(park -> park);
    }

    private Step step(StoreStep step) {
        if (step.name() == StepName.DOMAINS) {
            // Custom domains also prune what a removed host left, and say which domains are served now.
            return new Step(step.name(), step.purpose(), run -> {
                DomainsReconciler.Reconciled reconciled = domains.reconcile(run);
                reconciled.events().forEach(run::defer);
                return reconciled.outcomes();
            });
        }
        return new Step(step.name(), step.purpose(),
                run -> stages.inParallel(step.objects(), object -> write(run, step.name(), object)));
    }

    /**
     * The one place that decides how an object is written: the namespace created (so the rest skip their read), the
     * Secret generated and created only if absent, the content volume's claim created only if absent, a Job created
     * once (replaced only after it failed in an earlier attempt), everything else server-side applied.
     */
    private ApplyOutcome write(CommandRun run, StepName step, HasMetadata object) {
        RetryListener warnings = run.retryWarnings(step);
        return switch (object) {
            case Namespace namespace -> {
                ApplyOutcome outcome = applier.createOrApply(namespace, warnings);
                if (outcome.result() == ApplyOutcome.Result.CREATED) {
                    run.namespaceWasCreated();
                }
                yield outcome;
            }
            case Secret shape -> applier.createIfAbsent(StoreSecret.generate(shape, random), warnings);
            case PersistentVolumeClaim claim -> applier.createIfAbsent(claim, warnings);
            case Job job -> applier.createOnce(job, existing -> JobReadiness.failedBefore(existing,
                    run.store().generation()), warnings, run.namespaceCreated());
            default -> applier.apply(object, warnings, run.namespaceCreated());
        };
    }
}
