package io.storeorchestrator.common.naming;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Labels and annotations that tie Kubernetes objects to the store and the platform that own them. */
public final class StoreLabels {

    public static final String PLATFORM = "store-orchestrator";
    public static final String DOMAIN = "store-orchestrator.io";

    /** Marks every namespace (and object) the platform manages; the reaper only ever deletes namespaces with it. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String STORE_ID = DOMAIN + "/store-id";
    public static final String STORE_NAME = DOMAIN + "/store-name";
    public static final String ENGINE = DOMAIN + "/engine";
    /** On a store's namespace: the tenant that owns the store (absent for the platform admin's stores). */
    public static final String TENANT = DOMAIN + "/tenant";

    /** Annotation: the store generation an object (or pod template) was last applied for. */
    public static final String GENERATION = DOMAIN + "/generation";
    /**
     * Annotation: the store revision a pod template was last applied for. An automatic rollback keeps the generation of
     * the update it undoes, so the revision is what tells its pods from the failed ones.
     */
    public static final String REVISION = DOMAIN + "/revision";
    /** Annotation: the public host the store answers on. */
    public static final String HOST = DOMAIN + "/host";

    // WooCommerce content volume (issue 11 follow-up)
    /**
     * On the pods that mount a store's content volume (its app's, its template Job's), naming the claim: what their
     * podAffinity selects, so that all of them share the node of a ReadWriteOnce volume. Pods from before the volume
     * do not carry it, so they never pull new ones onto other nodes.
     */
    public static final String CONTENT_VOLUME = DOMAIN + "/content-volume";

    /** Selector that finds every namespace the platform manages. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + PLATFORM;

    private StoreLabels() {
    }

    /** Labels every object of a store carries. */
    public static Map<String, String> forStore(UUID storeId, String storeName, String engineId) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, PLATFORM);
        labels.put(PART_OF, PLATFORM);
        labels.put(STORE_ID, storeId.toString());
        labels.put(STORE_NAME, storeName);
        labels.put(ENGINE, engineId);
        return labels;
    }
}
