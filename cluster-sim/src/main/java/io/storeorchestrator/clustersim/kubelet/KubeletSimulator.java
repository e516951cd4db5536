package io.storeorchestrator.clustersim.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.clustersim.api.ApiException;
import io.storeorchestrator.clustersim.api.ResourceApi;
import io.storeorchestrator.clustersim.store.ObjectKey;
import io.storeorchestrator.clustersim.store.ResourceTypes;
import io.storeorchestrator.clustersim.store.StoreEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Stands in for the controller manager, scheduler and kubelet, in the spirit of KWOK: Deployments, StatefulSets and
 * Jobs get pods, pods turn Running and Ready after a delay (a Job's pod runs to completion) or fail as the
 * {@link FailureRule}s say, and the workloads report it in their status.
 *
 * <p>Event-driven: it reacts to store writes and to its own timers, on one thread, and never scans the cluster, so
 * its cost grows with the changes, not with the number of stores.
 */
public final class KubeletSimulator implements Consumer<StoreEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(KubeletSimulator.class);

    private final ResourceApi api;
    private final ScheduledExecutorService executor;
    private final FailureRules rules = new FailureRules();
    private final List<FailureRule> defaultRules;
    private final DeploymentController deployments;
    private final StatefulSetController statefulSets;
    private final JobController jobs;

    /**
     * @param executor     a single-threaded executor: all simulation runs on it, so controllers need no locking
     * @param defaultRules the rules {@link #resetDefaultRules()} restores, in force from the start
     */
    public KubeletSimulator(ResourceApi api, ScheduledExecutorService executor, Duration readyDelay,
                            List<FailureRule> defaultRules, Clock clock) {
        this.api = api;
        this.executor = executor;
        this.defaultRules = List.copyOf(defaultRules);
        this.rules.replaceWith(this.defaultRules);
        PodLifecycle pods = new PodLifecycle(api, executor, readyDelay, rules, clock);
        this.deployments = new DeploymentController(api, pods, clock);
        this.statefulSets = new StatefulSetController(api, pods);
        this.jobs = new JobController(api, pods, clock);
    }

    public void addRule(FailureRule rule) {
        rules.add(rule);
    }

    /**
     * Runs {@code hook} (namespace, Job name) whenever a Job completes, before its Complete condition is written: a
     * test does there what the Job's containers would have done outside the cluster (upload a backup, say).
     */
    public void onJobCompletion(java.util.function.BiConsumer<String, String> hook) {
        jobs.onCompletion(hook);
    }

    public void clearRules() {
        rules.clear();
    }

    public void resetDefaultRules() {
        rules.replaceWith(defaultRules);
    }

    public List<FailureRule> rules() {
        return rules.list();
    }

    /** Called by the store on every write; the work happens on the simulator's thread. */
    @Override
    public void accept(StoreEvent event) {
        if (!isInteresting(event)) {
            return;
        }
        try {
            executor.execute(() -> handle(event));
        } catch (RejectedExecutionException e) {
            LOG.debug("Simulator stopped; ignoring {}", event.key());
        }
    }

    private static boolean isInteresting(StoreEvent event) {
        var type = event.key().type();
        boolean workload = type == ResourceTypes.DEPLOYMENT || type == ResourceTypes.STATEFUL_SET
                || type == ResourceTypes.JOB;
        boolean podGone = type == ResourceTypes.POD && event.type() == StoreEvent.Type.DELETED;
        return (workload && event.type() != StoreEvent.Type.DELETED) || podGone;
    }

    private void handle(StoreEvent event) {
        try {
            ObjectKey key = event.key();
            if (key.type() == ResourceTypes.DEPLOYMENT) {
                deployments.reconcile(key);
            } else if (key.type() == ResourceTypes.STATEFUL_SET) {
                statefulSets.reconcile(key);
            } else if (key.type() == ResourceTypes.JOB) {
                jobs.reconcile(key);
            } else {
                PodLifecycle.controllerOf(event.object()).ifPresent(owner -> replacePod(key.namespace(), owner));
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("Simulator stopped during the step for {}", event.key());
        } catch (ApiException e) {
            // Typically the namespace is terminating: Kubernetes controllers get the same refusal and give up.
            LOG.debug("Simulation step for {} refused: {}", event.key(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Simulation step for {} failed", event.key(), e);
        }
    }

    /** A pod of a live workload went away: its controller makes a new one. */
    private void replacePod(String namespace, JsonNode owner) {
        String kind = owner.path("kind").asText();
        String name = owner.path("name").asText();
        if (kind.equals("StatefulSet")) {
            statefulSets.reconcile(ObjectKey.of(ResourceTypes.STATEFUL_SET, namespace, name));
        } else if (kind.equals("Job")) {
            jobs.reconcile(ObjectKey.of(ResourceTypes.JOB, namespace, name));
        } else if (kind.equals("ReplicaSet")) {
            api.store().get(ObjectKey.of(ResourceTypes.REPLICA_SET, namespace, name))
                    .flatMap(PodLifecycle::controllerOf)
                    .filter(deployment -> deployment.path("kind").asText().equals("Deployment"))
                    .ifPresent(deployment -> deployments.reconcile(
                            ObjectKey.of(ResourceTypes.DEPLOYMENT, namespace, deployment.path("name").asText())));
        }
    }
}
