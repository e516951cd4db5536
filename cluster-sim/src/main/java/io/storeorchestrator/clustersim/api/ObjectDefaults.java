package io.storeorchestrator.clustersim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.store.Meta;
import io.storeorchestrator.clustersim.store.ResourceType;
import io.storeorchestrator.clustersim.store.ResourceTypes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the real API server fills in on its own: namespace phase and name label, Service cluster IPs, bound volume
 * claims. Only the fields the platform reads are simulated.
 */
final class ObjectDefaults {

    /** Kubernetes labels every namespace with its own name (NetworkPolicies select namespaces by it). */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    // 10.96.0.1 belongs to the "kubernetes" Service in a real cluster.
    private final AtomicInteger allocatedClusterIps = new AtomicInteger(1);

    /** Defaults for an object a client creates. */
    void onCreate(ResourceType type, ObjectNode object) {
        object.put("apiVersion", type.apiVersion());
        object.put("kind", type.kind());
        if (type.hasStatus()) {
            // Status belongs to controllers; what a client sends on create is discarded, as in Kubernetes.
            object.remove("status");
        }
        if (type == ResourceTypes.NAMESPACE) {
            Meta.metadata(object).withObjectProperty("labels").put(NAMESPACE_NAME_LABEL, Meta.name(object));
            object.withObjectProperty("spec").putArray("finalizers").add("kubernetes");
            object.withObjectProperty("status").put("phase", "Active");
        } else if (type == ResourceTypes.SERVICE) {
            ObjectNode spec = object.withObjectProperty("spec");
            if (!spec.hasNonNull("type")) {
                spec.put("type", "ClusterIP");
            }
            if (spec.path("clusterIP").asText("").isEmpty() && !spec.path("type").asText().equals("ExternalName")) {
                String ip = nextClusterIp();
                spec.put("clusterIP", ip);
                spec.putArray("clusterIPs").add(ip);
            }
        } else if (type == ResourceTypes.STATEFUL_SET && !object.path("spec").has("updateStrategy")) {
            // kubectl rollout status needs it; Kubernetes defaults it the same way.
            object.withObjectProperty("spec").putObject("updateStrategy").put("type", "RollingUpdate");
        } else if (type == ResourceTypes.JOB) {
            // Kubernetes' defaults; the Job controller reads them.
            ObjectNode spec = object.withObjectProperty("spec");
            for (String field : new String[]{"completions", "parallelism"}) {
                if (!spec.hasNonNull(field)) {
                    spec.put(field, 1);
                }
            }
            if (!spec.hasNonNull("backoffLimit")) {
                spec.put("backoffLimit", 6);
            }
        } else if (type == ResourceTypes.SECRET) {
            encodeStringData(object);
            if (!object.hasNonNull("type")) {
                object.put("type", "Opaque");
            }
        } else if (type == ResourceTypes.PVC) {
            bindClaim(object);
        } else if (type == ResourceTypes.POD) {
            object.withObjectProperty("status").put("phase", "Pending");
        }
    }

    /** Keeps what an update may not take away (the namespace name label, an allocated cluster IP). */
    void onUpdate(ResourceType type, ObjectNode current, ObjectNode desired) {
        desired.put("apiVersion", type.apiVersion());
        desired.put("kind", type.kind());
        if (type == ResourceTypes.NAMESPACE) {
            Meta.metadata(desired).withObjectProperty("labels").put(NAMESPACE_NAME_LABEL, Meta.name(desired));
        } else if (type == ResourceTypes.SECRET) {
            encodeStringData(desired);
        } else if (type == ResourceTypes.SERVICE) {
            ObjectNode spec = desired.withObjectProperty("spec");
            JsonNode currentSpec = current.path("spec");
            if (spec.path("clusterIP").asText("").isEmpty() && currentSpec.has("clusterIP")) {
                spec.set("clusterIP", currentSpec.get("clusterIP"));
                spec.set("clusterIPs", currentSpec.get("clusterIPs"));
            }
        }
    }

    /** A Secret's write-only {@code stringData} is merged into {@code data}, base64-encoded, and never stored. */
    private static void encodeStringData(ObjectNode secret) {
        JsonNode stringData = secret.remove("stringData");
        if (stringData == null || !stringData.isObject()) {
            return;
        }
        ObjectNode data = secret.withObjectProperty("data");
        stringData.properties().forEach(e -> data.put(e.getKey(),
                Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
    }

    /** Marks a claim Bound to a made-up volume of the requested size, as a default StorageClass would. */
    private static void bindClaim(ObjectNode claim) {
        ObjectNode spec = claim.withObjectProperty("spec");
        if (!spec.hasNonNull("volumeName")) {
            spec.put("volumeName", "pvc-" + UUID.randomUUID());
        }
        ObjectNode status = claim.withObjectProperty("status");
        status.put("phase", "Bound");
        if (spec.has("accessModes")) {
            status.set("accessModes", spec.get("accessModes").deepCopy());
        }
        JsonNode requested = spec.path("resources").path("requests").path("storage");
        if (!requested.isMissingNode()) {
            status.withObjectProperty("capacity").set("storage", requested.deepCopy());
        }
    }

    private String nextClusterIp() {
        int n = allocatedClusterIps.incrementAndGet();
        return "10.96." + (n / 254) % 256 + "." + (n % 254 + 1);
    }
}
