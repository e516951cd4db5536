package io.storeorchestrator.worker.flow;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.kube.ApplyOutcome;
import io.storeorchestrator.worker.kube.KubernetesApplier;
import io.storeorchestrator.worker.model.ApplicationObjects;
import io.storeorchestrator.worker.model.DatabaseObjects;
import io.storeorchestrator.worker.model.IngressObjects;
import io.storeorchestrator.worker.model.NamespaceObjects;
import io.storeorchestrator.worker.model.NetworkPolicies;
import io.storeorchestrator.worker.model.StoreSecret;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.util.List;

/**
 * Provisioning: the store's objects as a small dependency graph, one stage after another, the steps of a stage in
 * parallel; then one look at readiness, and the store parks until its workloads serve. Every step converges (a re-run
 * reports UNCHANGED), so a command redelivered after a worker died picks up where it was.
 *
 * <pre>
 * namespace → resource-quota | limit-range | network-policies | secret | services → database | application → ingress
 * </pre>
 */
@Singleton
public final class ProvisionFlow {

    private final KubernetesApplier applier;
    private final StageRunner stages;
    private final ReadinessCheck readiness;
    private final WorkerConfig config;
    private final SecureRandom random = new SecureRandom();
    private final List<List<Step>> graph;

    public ProvisionFlow(KubernetesApplier applier, StageRunner stages, ReadinessCheck readiness, WorkerConfig config) {
        this.applier = applier;
        this.stages = stages;
        this.readiness = readiness;
        this.config = config;
        this.graph = List.of(
                List.of(new Step(StepName.NAMESPACE, "the store's namespace, labelled so the reaper knows it is ours",
                        this::namespace)),
                List.of(new Step(StepName.RESOURCE_QUOTA, "caps what the store may take from the cluster",
                                run -> apply(run, StepName.RESOURCE_QUOTA,
                                        List.of(NamespaceObjects.resourceQuota(run.store())))),
                        new Step(StepName.LIMIT_RANGE, "defaults for containers that declare no resources",
                                run -> apply(run, StepName.LIMIT_RANGE,
                                        List.of(NamespaceObjects.limitRange(run.store())))),
                        new Step(StepName.NETWORK_POLICIES,
                                "deny all, then allow ingress controller to app, app to database, DNS",
                                run -> apply(run, StepName.NETWORK_POLICIES,
                                        NetworkPolicies.all(run.store(), this.config))),
                        new Step(StepName.SECRET, "generated credentials; created once, never rotated by a re-run",
                                run -> stages.inParallel(List.of(StoreSecret.generate(run.store(), random)),
                                        secret -> applier.createIfAbsent(secret, run.retryWarnings(StepName.SECRET),
                                                run.namespaceCreated()))),
                        new Step(StepName.SERVICES, "stable names for the database and the app",
                                run -> apply(run, StepName.SERVICES, List.of(DatabaseObjects.service(run.store()),
                                        ApplicationObjects.service(run.store()))))),
                List.of(new Step(StepName.DATABASE, "the database StatefulSet with its volume",
                                run -> apply(run, StepName.DATABASE,
                                        List.of(DatabaseObjects.statefulSet(run.store(), this.config)))),
                        new Step(StepName.APPLICATION, "the app Deployment",
                                run -> apply(run, StepName.APPLICATION,
                                        List.of(ApplicationObjects.deployment(run.store()))))),
                List.of(new Step(StepName.INGRESS, "the store's host routed to the app, with TLS when configured",
                        run -> apply(run, StepName.INGRESS,
                                List.of(IngressObjects.ingress(run.store(), this.config))))));
    }

    /** Step names in the order they are reported, wait-ready last: the contract's list. */
    public List<StepName> stepNames() {
        List<StepName> names = new java.util.ArrayList<>(graph.stream().flatMap(List::stream).map(Step::name).toList());
        names.add(StepName.WAIT_READY);
        return names;
    }

    /**
     * Applies every object, then looks at readiness once.
     *
     * @return READY, or PARKED with what the store waits for
     * @throws StepFailedException      when a step fails for good (the store becomes FAILED)
     * @throws CommandStoppedException  when a newer intent superseded the command
     * @throws RequeueException         when the worker is stopping
     */
    public FlowOutcome run(CommandRun run) {
        run.checkFence(StepName.PROVISION);
        // Goes out with the first stage's events: one confirm round trip instead of two.
        run.defer(StoreEventType.STARTED, StepName.PROVISION, "provisioning " + run.store().engine().id()
                + " store " + run.store().name() + " (generation " + run.command().generation() + ")");
        for (List<Step> stage : graph) {
            stages.run(run, stage);
        }
        return readiness.look(run);
    }

    private List<ApplyOutcome> namespace(CommandRun run) {
        ApplyOutcome outcome = stages.inParallel(List.of(NamespaceObjects.namespace(run.store())),
                namespace -> applier.createOrApply(namespace, run.retryWarnings(StepName.NAMESPACE))).getFirst();
        if (outcome.result() == ApplyOutcome.Result.CREATED) {
            run.namespaceWasCreated();
        }
        return List.of(outcome);
    }

    private List<ApplyOutcome> apply(CommandRun run, StepName step, List<? extends HasMetadata> objects) {
        return stages.inParallel(objects, object -> applier.apply(object, run.retryWarnings(step),
                run.namespaceCreated()));
    }
}
