package io.storeorchestrator.clustersim.traffic;

/** What a request to a resource URL does, in the terms of the Kubernetes audit log. */
public enum Verb {
    GET("get"),
    LIST("list"),
    WATCH("watch"),
    CREATE("create"),
    UPDATE("update"),
    PATCH("patch"),
    /** Server-side apply: a PATCH with {@code application/apply-patch+yaml}, counted apart from other patches. */
    APPLY("apply"),
    DELETE("delete"),
    DELETE_COLLECTION("deletecollection");

    private final String apiName;

    Verb(String apiName) {
        this.apiName = apiName;
    }

    /** The name in {@code /sim/stats}: {@code get}, {@code apply}, {@code deletecollection}, … */
    public String apiName() {
        return apiName;
    }

    /** Whether the request may change the cluster, and so may be made to fail by the write fault rate. */
    public boolean isWrite() {
        return this != GET && this != LIST && this != WATCH;
    }
}
