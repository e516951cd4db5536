package io.storeorchestrator.worker.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.model.StoreSpec;
import io.storeorchestrator.worker.model.WaitStep;
import io.storeorchestrator.worker.readiness.ClusterSnapshot;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Informers on the platform's own workloads, Jobs, pods and namespaces (scoped by the managed-by label, so the cache
 * holds only what the platform made). They serve three purposes: readiness is read from their caches instead of
 * polling the API server, every change to a store's objects wakes that store if it is parked on this worker, and a
 * change to a READY store's Deployment, StatefulSet or namespace has its drift checked within seconds
 * ({@link #onSpecChange}).
 *
 * <p>The store's other kinds (ResourceQuota, LimitRange, NetworkPolicy, Service, Ingress) are not watched: an informer
 * per kind would cache every store's objects in every worker, for changes that are rare; the periodic drift check
 * lists them instead (see {@code drift.DriftMonitor}).
 *
 * <p>Until every informer has synced (or when {@code WORKER_WATCH_ENABLED=false}) callers get empty answers and read
 * the API server instead; the durable wake-ups keep waiting stores moving without any watch at all.
 */
@Singleton
public final class WorkloadWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkloadWatch.class);
    private static final Duration RESTART_EVERY = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final boolean enabled;
    private final List<Consumer<String>> namespaceListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> specListeners = new CopyOnWriteArrayList<>();
    private volatile SharedIndexInformer<Deployment> deployments;
    private volatile SharedIndexInformer<StatefulSet> statefulSets;
    private volatile SharedIndexInformer<Job> jobs;
    private volatile SharedIndexInformer<Pod> pods;
    private volatile SharedIndexInformer<Namespace> namespaces;
    /** Fabric8 gives an informer up for good when its first list fails (API server unreachable at start). */
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("watch-supervisor").daemon().factory());

    public WorkloadWatch(KubernetesClient client, WorkerConfig config) {
        this.client = client;
        this.enabled = config.watchEnabled();
    }

    /** Called with the namespace of every object that changed. */
    public void onChange(Consumer<String> listener) {
        namespaceListeners.add(listener);
    }

    /**
     * Called with the namespace of every Deployment, StatefulSet or Namespace whose spec, labels or annotations
     * changed, that started terminating, or that was deleted (or lost the managed-by label, which looks the same to a
     * label-scoped watch): what the drift check reacts to. Not for pods, status-only changes or objects just added.
     */
    public void onSpecChange(Consumer<String> listener) {
        specListeners.add(listener);
    }

    /** Starts the informers without waiting for them: a cluster that cannot be watched only costs the fast path. */
    public synchronized void start() {
        if (!enabled || pods != null) {
            return;
        }
        restartStopped();
        supervisor.scheduleWithFixedDelay(this::restartStopped, RESTART_EVERY.toMillis(), RESTART_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Starts every informer that is not running: at start, and again after one gave up. */
    private synchronized void restartStopped() {
        try {
            if (stopped(deployments)) {
                deployments = inform(client.apps().deployments().inAnyNamespace()
                        .withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).runnableInformer(0));
            }
            if (stopped(statefulSets)) {
                statefulSets = inform(client.apps().statefulSets().inAnyNamespace()
                        .withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).runnableInformer(0));
            }
            if (stopped(jobs)) {
                jobs = inform(client.batch().v1().jobs().inAnyNamespace()
                        .withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).runnableInformer(0));
            }
            if (stopped(pods)) {
                pods = inform(client.pods().inAnyNamespace()
                        .withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).runnableInformer(0));
            }
            if (stopped(namespaces)) {
                namespaces = inform(client.namespaces()
                        .withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).runnableInformer(0));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not start the watches; retrying in {}s: {}", RESTART_EVERY.toSeconds(), e.getMessage());
        }
    }

    private static boolean stopped(SharedIndexInformer<?> informer) {
        if (informer == null) {
            return true;
        }
        if (!informer.isRunning()) {
            informer.stop();
            return true;
        }
        return false;
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                changed(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                changed(after);
                if (specChanged(before, after)) {
                    tell(specListeners, after);
                }
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                changed(object);
                if (!(object instanceof Pod)) {
                    tell(specListeners, object);
                }
            }
        });
        informer.start().whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warn("{} informer could not start; readiness is read from the API server: {}",
                        informer.getApiTypeClass().getSimpleName(), error.getMessage());
            } else {
                LOG.info("{} informer synced", informer.getApiTypeClass().getSimpleName());
            }
        });
        return informer;
    }

    private void changed(HasMetadata object) {
        tell(namespaceListeners, object);
    }

    /** A spec change bumps metadata.generation; labels, annotations and deletion do not, so they are compared. */
    private static boolean specChanged(HasMetadata before, HasMetadata after) {
        if (after instanceof Pod) {
            return false;
        }
        ObjectMeta was = before.getMetadata();
        ObjectMeta is = after.getMetadata();
        return !Objects.equals(was.getGeneration(), is.getGeneration())
                || !Objects.equals(was.getLabels(), is.getLabels())
                || !Objects.equals(was.getAnnotations(), is.getAnnotations())
                || was.getDeletionTimestamp() == null && is.getDeletionTimestamp() != null;
    }

    private static void tell(List<Consumer<String>> listeners, HasMetadata object) {
        // A namespace's own events carry no namespace: its name is the one that changed.
        String namespace = object instanceof Namespace ? object.getMetadata().getName()
                : object.getMetadata().getNamespace();
        if (namespace == null) {
            return;
        }
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(namespace);
            } catch (RuntimeException e) {
                LOG.warn("watch listener failed for namespace {}", namespace, e);
            }
        }
    }

    /** Whether every cache is complete, so an absent object really is absent. */
    public boolean synced() {
        return enabled && pods != null && deployments != null && statefulSets != null && jobs != null
                && namespaces != null
                && deployments.hasSynced() && statefulSets.hasSynced() && jobs.hasSynced() && pods.hasSynced()
                && namespaces.hasSynced() && deployments.isWatching() && statefulSets.isWatching()
                && jobs.isWatching() && pods.isWatching() && namespaces.isWatching();
    }

    /** The store's workloads and Jobs from the caches, or empty when the caches cannot be trusted yet. */
    public Optional<ClusterSnapshot> snapshot(StoreSpec store) {
        return snapshot(store, store.blueprint().readiness(store));
    }

    /** The same, with what {@code wait} names besides. */
    public Optional<ClusterSnapshot> snapshot(StoreSpec store, WaitStep wait) {
        if (!synced()) {
            return Optional.empty();
        }
        String namespace = store.namespace();
        WaitStep all = union(store.blueprint().readiness(store), wait);
        return Optional.of(ClusterSnapshot.of(
                cached(deployments, namespace, all.deployments()),
                cached(statefulSets, namespace, all.statefulSets()),
                cached(jobs, namespace, all.jobs()),
                pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)));
    }

    /** Everything either wait names, each once, the first's names first. */
    public static WaitStep union(WaitStep first, WaitStep second) {
        if (first.equals(second)) {
            return first;
        }
        return new WaitStep(first.step(), distinct(first.statefulSets(), second.statefulSets()),
                distinct(first.deployments(), second.deployments()), distinct(first.jobs(), second.jobs()));
    }

    private static java.util.List<String> distinct(java.util.List<String> first, java.util.List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).distinct().toList();
    }

    /** Whether the caches hold every object of {@code kind} the platform manages (watched and synced). */
    public boolean caches(Class<? extends HasMetadata> kind) {
        return (kind == Deployment.class || kind == StatefulSet.class || kind == Namespace.class) && synced();
    }

    /**
     * The cached object of the same kind, namespace and name as {@code wanted}, or null when the cache has none (it
     * may still exist without the managed-by label). Shared with the cache: never modify it.
     */
    public HasMetadata cached(HasMetadata wanted) {
        String namespace = wanted.getMetadata().getNamespace();
        String name = wanted.getMetadata().getName();
        return switch (wanted) {
            case Deployment _ -> deployments.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
            case StatefulSet _ -> statefulSets.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
            case Namespace _ -> namespaces.getStore().getByKey(name);
            default -> throw new IllegalArgumentException(wanted.getKind() + " is not watched");
        };
    }

    private static <T> List<T> cached(SharedIndexInformer<T> informer, String namespace, List<String> names) {
        return names.stream().map(name -> informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)))
                .toList();
    }

    /** Whether the namespace is gone, from the cache; empty when the cache cannot be trusted yet. */
    public Optional<Boolean> namespaceGone(String namespace) {
        if (!synced()) {
            return Optional.empty();
        }
        return Optional.of(namespaces.getStore().getByKey(namespace) == null);
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        supervisor.shutdownNow();
        for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[]{deployments, statefulSets, jobs, pods,
                namespaces}) {
            if (informer != null) {
                informer.stop();
            }
        }
    }
}
