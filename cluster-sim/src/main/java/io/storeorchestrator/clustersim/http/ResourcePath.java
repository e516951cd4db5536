package io.storeorchestrator.clustersim.http;

import io.storeorchestrator.clustersim.store.ResourceType;
import io.storeorchestrator.clustersim.store.ResourceTypes;

import java.util.List;
import java.util.Optional;

/**
 * A resource URL taken apart: {@code /api/v1[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]} or the same under
 * {@code /apis/{group}/{version}}.
 *
 * @param namespace   null when the URL names no namespace (a cluster-scoped kind, or a list across namespaces)
 * @param name        null for collection requests
 * @param subresource null, or e.g. {@code status}
 */
record ResourcePath(ResourceType type, String namespace, String name, String subresource) {

    /** @return empty when the path is not a resource path at all; a 404 is thrown for unknown resource types */
    static Optional<ResourcePath> parse(List<String> segments) {
        List<String> rest;
        String group;
        String version;
        if (segments.size() >= 3 && segments.get(0).equals("api")) {
            group = "";
            version = segments.get(1);
            rest = segments.subList(2, segments.size());
        } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            version = segments.get(2);
            rest = segments.subList(3, segments.size());
        } else {
            return Optional.empty();
        }
        String namespace = null;
        if (rest.size() >= 3 && rest.get(0).equals("namespaces") && !isSubresource(rest.get(2))) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (rest.size() > 3) {
            return Optional.empty();
        }
        String plural = rest.get(0);
        Optional<ResourceType> type = ResourceTypes.find(group, version, plural);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        String name = rest.size() > 1 ? rest.get(1) : null;
        String subresource = rest.size() > 2 ? rest.get(2) : null;
        return Optional.of(new ResourcePath(type.get(), namespace, name, subresource));
    }

    /** Subresources of a namespace ({@code /api/v1/namespaces/x/status}) as opposed to a kind in it. */
    private static boolean isSubresource(String segment) {
        return segment.equals("status") || segment.equals("finalize");
    }

    /** The resource as request statistics name it: {@code pods}, {@code deployments.apps/status}. */
    String resourceName() {
        return subresource == null ? type.qualifiedName() : type.qualifiedName() + "/" + subresource;
    }

    boolean isStatus() {
        return "status".equals(subresource);
    }
}
