package io.storeorchestrator.clustersim.store;

import java.util.List;

/**
 * A kind of object the simulated API server serves, as discovery describes it.
 *
 * @param group       API group, empty for the core group
 * @param version     API version within the group
 * @param plural      resource name used in URL paths ({@code deployments})
 * @param singular    singular resource name ({@code deployment})
 * @param kind        object kind ({@code Deployment})
 * @param namespaced  whether objects live in a namespace
 * @param shortNames  kubectl abbreviations ({@code deploy})
 * @param hasStatus   whether the kind has a {@code /status} subresource
 */
public record ResourceType(String group, String version, String plural, String singular, String kind,
                           boolean namespaced, List<String> shortNames, boolean hasStatus) {

    public ResourceType {
        shortNames = List.copyOf(shortNames);
    }

    /** The {@code apiVersion} objects of this kind carry ({@code v1}, {@code apps/v1}). */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public String listKind() {
        return kind + "List";
    }

    /** The name Kubernetes error messages use ({@code deployments.apps}, {@code pods}). */
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
