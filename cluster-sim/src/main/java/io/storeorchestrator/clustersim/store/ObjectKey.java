package io.storeorchestrator.clustersim.store;

import java.util.Comparator;

/**
 * Where an object lives: its type, namespace ({@code ""} for cluster-scoped objects) and name.
 */
public record ObjectKey(ResourceType type, String namespace, String name) {

    /** Kubernetes list order: by namespace, then name. */
    public static final Comparator<ObjectKey> LIST_ORDER =
            Comparator.comparing(ObjectKey::namespace).thenComparing(ObjectKey::name);

    public ObjectKey {
        namespace = namespace == null ? "" : namespace;
    }

    public static ObjectKey of(ResourceType type, String namespace, String name) {
        return new ObjectKey(type, type.namespaced() ? namespace : "", name);
    }

    @Override
    public String toString() {
        return type.qualifiedName() + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
