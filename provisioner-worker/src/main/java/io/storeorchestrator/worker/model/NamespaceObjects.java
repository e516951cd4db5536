package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.storeorchestrator.common.catalog.Plan;
import io.storeorchestrator.common.naming.StoreLabels;

import java.util.LinkedHashMap;
import java.util.Map;

/** The store's namespace and the fences on how much of the cluster it may use. */
public final class NamespaceObjects {

    public static final String QUOTA_NAME = "store-quota";
    public static final String LIMIT_RANGE_NAME = "store-limits";

    /** What a container gets when it declares nothing (every container we build declares its own). */
    static final Map<String, Quantity> DEFAULT_REQUEST = Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi"));
    static final Map<String, Quantity> DEFAULT_LIMIT = Map.of("cpu", new Quantity("500m"), "memory", new Quantity("512Mi"));

    private NamespaceObjects() {
    }

    /**
     * Pod Security Admission: the API server refuses pods below the baseline profile in a store namespace (no host
     * access, no privileged containers, only baseline capabilities — what the engine images need to switch users), and
     * warns and audits against the restricted one, which the official images do not meet.
     */
    static final Map<String, String> POD_SECURITY = new java.util.TreeMap<>(Map.of(
            "pod-security.kubernetes.io/enforce", "baseline",
            "pod-security.kubernetes.io/warn", "restricted",
            "pod-security.kubernetes.io/audit", "restricted")); // sorted: the same namespace text on every run

    public static Namespace namespace(StoreSpec store) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(StoreLabels.GENERATION, Long.toString(store.generation()));
        if (store.host() != null) {
            annotations.put(StoreLabels.HOST, store.host());
        }
        Map<String, String> labels = new LinkedHashMap<>(store.labels());
        if (store.tenant() != null) {
            labels.put(StoreLabels.TENANT, store.tenant());
        }
        labels.putAll(POD_SECURITY);
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(store.namespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .build();
    }

    /** The plan's quota: requests and limits alike, so a store can neither reserve nor burst past it. */
    public static ResourceQuota resourceQuota(StoreSpec store) {
        Plan.Quota quota = store.plan().quota();
        Map<String, Quantity> hard = new LinkedHashMap<>();
        hard.put("requests.cpu", new Quantity(quota.cpu()));
        hard.put("limits.cpu", new Quantity(quota.cpu()));
        hard.put("requests.memory", new Quantity(quota.memory()));
        hard.put("limits.memory", new Quantity(quota.memory()));
        hard.put("pods", new Quantity(Integer.toString(quota.pods())));
        hard.put("persistentvolumeclaims", new Quantity(Integer.toString(quota.pvcs())));
        hard.put("requests.storage", new Quantity(quota.storage()));
        return new ResourceQuotaBuilder()
                .withMetadata(store.metadata(QUOTA_NAME))
                .withNewSpec().withHard(hard).endSpec()
                .build();
    }

    /** Defaults for containers that declare no resources, so the quota never rejects a pod for lack of them. */
    public static LimitRange limitRange(StoreSpec store) {
        return new LimitRangeBuilder()
                .withMetadata(store.metadata(LIMIT_RANGE_NAME))
                .withNewSpec()
                .addNewLimit()
                .withType("Container")
                .withDefaultRequest(DEFAULT_REQUEST)
                .withDefault(DEFAULT_LIMIT)
                .endLimit()
                .endSpec()
                .build();
    }
}
