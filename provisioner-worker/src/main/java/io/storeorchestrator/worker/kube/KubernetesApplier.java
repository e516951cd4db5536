package io.storeorchestrator.worker.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Singleton;

import java.net.HttpURLConnection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.ABSENT;
import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.CREATED;
import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.DELETED;
import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.REPLACED;
import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.UNCHANGED;
import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.UPDATED;

/**
 * The one place that writes to the cluster. Every write is idempotent, so a redelivered command converges instead
 * of failing on what a previous attempt already made.
 */
@Singleton
public final class KubernetesApplier {

    /** Owner of the fields we set, as recorded by server-side apply. */
    public static final String FIELD_MANAGER = "store-orchestrator";

    private final KubernetesClient client;
    private final KubernetesCalls calls;

    public KubernetesApplier(KubernetesClient client, KubernetesCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    /**
     * Server-side applies {@code desired}. Forcing conflicts makes our desired state win over hand edits, which is
     * what converging means. The result compares resourceVersions: an apply that changes nothing leaves it alone.
     *
     * @param knownAbsent the caller knows the object cannot exist (its namespace was just created), so the read
     *                    that tells CREATED from UPDATED is skipped: one call instead of two
     */
    public ApplyOutcome apply(HasMetadata desired, RetryListener listener, boolean knownAbsent) {
        String what = "apply " + desired.getKind() + " " + desired.getMetadata().getName();
        HasMetadata before = knownAbsent ? null : calls.call(what, listener, () -> client.resource(desired).get());
        HasMetadata after = calls.call(what, listener, () -> client.resource(desired)
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply());
        ApplyOutcome.Result result;
        if (before == null) {
            result = CREATED;
        } else if (Objects.equals(resourceVersion(before), resourceVersion(after))) {
            result = UNCHANGED;
        } else {
            result = UPDATED;
        }
        return new ApplyOutcome(desired.getKind(), desired.getMetadata().getName(), result);
    }

    /**
     * Creates the object, or applies it when it exists already: a new store's namespace costs one call instead of a
     * read and an apply, and a re-run (the namespace is there) converges as {@link #apply} does.
     */
    public ApplyOutcome createOrApply(HasMetadata desired, RetryListener listener) {
        boolean created = createUnlessExists(desired, listener);
        return created ? new ApplyOutcome(desired.getKind(), desired.getMetadata().getName(), CREATED)
                : apply(desired, listener, false);
    }

    /**
     * Creates the Secret only if it is absent: regenerating credentials would lock the app out of its database. It is
     * never read: a 409 says it exists, so the worker needs no permission to read any Secret, anywhere.
     */
    public ApplyOutcome createIfAbsent(Secret desired, RetryListener listener) {
        return new ApplyOutcome("Secret", desired.getMetadata().getName(),
                createUnlessExists(desired, listener) ? CREATED : UNCHANGED);
    }

    /**
     * Creates the claim only if it is absent, as the Secret: a bound claim's spec is immutable but for growing, so an
     * apply of another size or class would fail the step (or, for a larger size, resize the volume behind the
     * operator's back); one call, a 409 says it exists.
     */
    public ApplyOutcome createIfAbsent(PersistentVolumeClaim desired, RetryListener listener) {
        return new ApplyOutcome("PersistentVolumeClaim", desired.getMetadata().getName(),
                createUnlessExists(desired, listener) ? CREATED : UNCHANGED);
    }

    /**
     * Creates a run-once Job unless one of its name exists. An existing one is never patched (its pod template is
     * immutable, and what it did is done); only one that {@code spent} says must run again (it failed in an earlier
     * attempt) is deleted and created anew.
     */
    public ApplyOutcome createOnce(Job desired, Predicate<Job> spent, RetryListener listener, boolean knownAbsent) {
        String name = desired.getMetadata().getName();
        String namespace = desired.getMetadata().getNamespace();
        Job existing = knownAbsent ? null : calls.call("read Job " + name, listener,
                () -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
        if (existing == null) {
            return new ApplyOutcome("Job", name, createUnlessExists(desired, listener) ? CREATED : UNCHANGED);
        }
        if (!spent.test(existing)) {
            return new ApplyOutcome("Job", name, UNCHANGED);
        }
        // Background: the Job goes at once, its old pods after it; a create racing its removal is retried (409).
        calls.call("delete Job " + name, listener, () -> client.batch().v1().jobs().inNamespace(namespace)
                .withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
        calls.call("create Job " + name, listener, () -> client.resource(desired).create());
        return new ApplyOutcome("Job", name, REPLACED);
    }

    /** @return true when created, false when an object of that name exists already (409) */
    private boolean createUnlessExists(HasMetadata desired, RetryListener listener) {
        String what = "create " + desired.getKind() + " " + desired.getMetadata().getName();
        return calls.call(what, listener, () -> {
            try {
                client.resource(desired).create();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Deletes a namespace; Kubernetes then deletes everything in it. */
    public ApplyOutcome deleteNamespace(String namespace, RetryListener listener) {
        List<?> deleted = calls.call("delete Namespace " + namespace, listener,
                () -> client.namespaces().withName(namespace).delete());
        return new ApplyOutcome("Namespace", namespace, deleted.isEmpty() ? ABSENT : DELETED);
    }

    /** Deletes {@code object} if it exists. */
    public ApplyOutcome deleteIfPresent(HasMetadata object, RetryListener listener) {
        String what = "delete " + object.getKind() + " " + object.getMetadata().getName();
        List<?> deleted = calls.call(what, listener, () -> client.resource(object).delete());
        return new ApplyOutcome(object.getKind(), object.getMetadata().getName(), deleted.isEmpty() ? ABSENT : DELETED);
    }

    /**
     * Deletes the objects of a custom kind ({@code cert-manager.io/v1 Certificate}) in {@code namespace} that carry
     * {@code labels} and are not among {@code keep}: pruning what the builders no longer make. A cluster without the
     * kind (404: the CRD is not installed) has none to delete.
     */
    public List<ApplyOutcome> deleteOthers(String apiVersion, String kind, String namespace,
                                           java.util.Map<String, String> labels, java.util.Set<String> keep,
                                           RetryListener listener) {
        List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> present = calls.call("list " + kind, listener,
                () -> {
                    try {
                        return client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace)
                                .withLabels(labels).list().getItems();
                    } catch (KubernetesClientException e) {
                        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                            return List.of();
                        }
                        throw e;
                    }
                });
        return present.stream().filter(object -> !keep.contains(object.getMetadata().getName()))
                .map(object -> deleteIfPresent(object, listener)).toList();
    }

    private static String resourceVersion(HasMetadata object) {
        return object == null ? null : object.getMetadata().getResourceVersion();
    }
}
