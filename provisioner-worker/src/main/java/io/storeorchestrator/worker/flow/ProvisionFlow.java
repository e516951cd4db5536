package io.storeorchestrator.worker.flow;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.kube.ApplyOutcome;
import io.storeorchestrator.worker.kube.KubernetesApplier;
import io.storeorchestrator.worker.kube.KubernetesStepException;
import io.storeorchestrator.worker.model.ApplicationObjects;
import io.storeorchestrator.worker.model.DatabaseObjects;
import io.storeorchestrator.worker.model.IngressObjects;
import io.storeorchestrator.worker.model.NamespaceObjects;
import io.storeorchestrator.worker.model.NetworkPolicies;
import io.storeorchestrator.worker.model.StoreSecret;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Provisioning: the store's objects, step by step in dependency order, then the wait until it serves. Every step
 * converges (a re-run reports UNCHANGED), so a command redelivered after a worker died picks up where it was.
 */
@Singleton
public final class ProvisionFlow {

    public static final String START = "provision";
    public static final String WAIT_READY = "wait-ready";

    private final KubernetesApplier applier;
    private final ReadinessWaiter readiness;
    private final WorkerConfig config;
    private final SecureRandom random = new SecureRandom();
    private final List<Step> steps;

    public ProvisionFlow(KubernetesApplier applier, ReadinessWaiter readiness, WorkerConfig config) {
        this.applier = applier;
        this.readiness = readiness;
        this.config = config;
        this.steps = List.of(
                new Step("namespace", "the store's namespace, labelled so the reaper knows it is ours",
                        run -> apply(run, "namespace", List.of(NamespaceObjects.namespace(run.store())))),
                new Step("resource-quota", "caps what the store may take from the cluster",
                        run -> apply(run, "resource-quota",
                                List.of(NamespaceObjects.resourceQuota(run.store(), this.config)))),
                new Step("limit-range", "defaults for containers that declare no resources",
                        run -> apply(run, "limit-range", List.of(NamespaceObjects.limitRange(run.store())))),
                new Step("network-policies", "deny all, then allow ingress controller to app, app to database, DNS",
                        run -> apply(run, "network-policies", NetworkPolicies.all(run.store(), this.config))),
                new Step("secret", "generated credentials; created once, never rotated by a re-run",
                        run -> List.of(applier.createIfAbsent(StoreSecret.generate(run.store(), random),
                                run.retryWarnings("secret")))),
                new Step("database", "the database StatefulSet with its volume, and its Service",
                        run -> apply(run, "database", List.of(DatabaseObjects.statefulSet(run.store(), this.config),
                                DatabaseObjects.service(run.store())))),
                new Step("application", "the app Deployment and its Service",
                        run -> apply(run, "application", List.of(ApplicationObjects.deployment(run.store()),
                                ApplicationObjects.service(run.store())))),
                new Step("ingress", "the store's host routed to the app, with TLS when configured",
                        run -> apply(run, "ingress", List.of(IngressObjects.ingress(run.store(), this.config)))));
    }

    /** Step names in the order they run, wait-ready last; the contract's list. */
    public List<String> stepNames() {
        List<String> names = new ArrayList<>(steps.stream().map(Step::name).toList());
        names.add(WAIT_READY);
        return names;
    }

    /**
     * @throws StepFailedException      when a step fails for good (the store becomes FAILED)
     * @throws CommandStoppedException  when a newer intent superseded the command
     * @throws RequeueException         when the worker is stopping
     */
    public void run(CommandRun run) {
        run.report(StoreEventType.STARTED, START, "provisioning " + run.store().engine().id() + " store "
                + run.store().name() + " (generation " + run.command().generation() + ")");
        for (Step step : steps) {
            run.checkFence(step.name());
            run.report(StoreEventType.STEP, step.name(), execute(step, run));
        }
        run.checkFence(WAIT_READY);
        run.report(StoreEventType.READY, WAIT_READY, readiness.awaitReady(run));
    }

    static String execute(Step step, CommandRun run) {
        try {
            return Step.describe(step.action().run(run));
        } catch (KubernetesStepException e) {
            throw new StepFailedException(step.name(), e.failure().describeFor(step.name()));
        }
    }

    private List<ApplyOutcome> apply(CommandRun run, String step, List<? extends HasMetadata> objects) {
        List<ApplyOutcome> outcomes = new ArrayList<>();
        for (HasMetadata object : objects) {
            outcomes.add(applier.apply(object, run.retryWarnings(step)));
        }
        return outcomes;
    }
}
