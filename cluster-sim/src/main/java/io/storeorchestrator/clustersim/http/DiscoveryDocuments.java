package io.storeorchestrator.clustersim.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.store.ResourceType;
import io.storeorchestrator.clustersim.store.ResourceTypes;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The legacy (unaggregated) discovery documents kubectl and client libraries read to map kinds and short names to
 * URLs. kubectl 1.32 asks for aggregated discovery first and falls back to these when the answer is plain JSON.
 */
final class DiscoveryDocuments {

    static final String KUBERNETES_VERSION_MINOR = "32";

    private static final List<String> VERBS = List.of(
            "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> NAMESPACE_VERBS = List.of(
            "create", "delete", "get", "list", "patch", "update", "watch");
    private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");
    /** The kinds {@code kubectl get all} lists. */
    private static final Set<ResourceType> CATEGORY_ALL = Set.of(ResourceTypes.POD, ResourceTypes.SERVICE,
            ResourceTypes.DEPLOYMENT, ResourceTypes.STATEFUL_SET, ResourceTypes.REPLICA_SET, ResourceTypes.JOB,
            ResourceTypes.HPA);

    private DiscoveryDocuments() {
    }

    static ObjectNode version() {
        ObjectNode version = Json.object();
        version.put("major", "1");
        version.put("minor", KUBERNETES_VERSION_MINOR);
        version.put("gitVersion", "v1." + KUBERNETES_VERSION_MINOR + ".0-store-orchestrator-sim");
        version.put("gitCommit", "0000000000000000000000000000000000000000");
        version.put("gitTreeState", "clean");
        version.put("buildDate", "2025-01-01T00:00:00Z");
        version.put("goVersion", "go1.23.0");
        version.put("compiler", "gc");
        version.put("platform", "linux/amd64");
        return version;
    }

    /** {@code /api}. */
    static ObjectNode coreVersions(String serverAddress) {
        ObjectNode versions = Json.object();
        versions.put("kind", "APIVersions");
        versions.putArray("versions").add("v1");
        ObjectNode address = versions.putArray("serverAddressByClientCIDRs").addObject();
        address.put("clientCIDR", "0.0.0.0/0");
        address.put("serverAddress", serverAddress);
        return versions;
    }

    /** {@code /apis}. */
    static ObjectNode groups() {
        ObjectNode list = Json.object();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        for (String groupVersion : ResourceTypes.groupVersions()) {
            String[] parts = groupVersion.split("/");
            ObjectNode group = groups.addObject();
            group.put("name", parts[0]);
            ObjectNode version = Json.object();
            version.put("groupVersion", groupVersion);
            version.put("version", parts[1]);
            group.putArray("versions").add(version);
            group.set("preferredVersion", version.deepCopy());
        }
        return list;
    }

    /** {@code /api/v1} or {@code /apis/<group>/<version>}; empty for a group version not served. */
    static Optional<ObjectNode> resources(String groupVersion) {
        List<ResourceType> types = ResourceTypes.inGroupVersion(groupVersion);
        if (types.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode list = Json.object();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", groupVersion);
        ArrayNode resources = list.putArray("resources");
        for (ResourceType type : types) {
            ObjectNode resource = resources.addObject();
            resource.put("name", type.plural());
            resource.put("singularName", type.singular());
            resource.put("namespaced", type.namespaced());
            resource.put("kind", type.kind());
            ArrayNode verbs = resource.putArray("verbs");
            (type == ResourceTypes.NAMESPACE ? NAMESPACE_VERBS : VERBS).forEach(verbs::add);
            if (!type.shortNames().isEmpty()) {
                ArrayNode shortNames = resource.putArray("shortNames");
                type.shortNames().forEach(shortNames::add);
            }
            if (CATEGORY_ALL.contains(type)) {
                resource.putArray("categories").add("all");
            }
            if (type.hasStatus()) {
                ObjectNode status = resources.addObject();
                status.put("name", type.plural() + "/status");
                status.put("singularName", "");
                status.put("namespaced", type.namespaced());
                status.put("kind", type.kind());
                ArrayNode statusVerbs = status.putArray("verbs");
                STATUS_VERBS.forEach(statusVerbs::add);
            }
        }
        return Optional.of(list);
    }
}
