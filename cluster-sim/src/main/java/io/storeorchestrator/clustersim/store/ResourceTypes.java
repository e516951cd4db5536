package io.storeorchestrator.clustersim.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every resource type the simulator serves. Anything else answers 404, as an API server without the CRD would. */
public final class ResourceTypes {

    public static final ResourceType NAMESPACE = core("namespaces", "namespace", "Namespace", false, true, "ns");
    public static final ResourceType NODE = core("nodes", "node", "Node", false, true, "no");
    public static final ResourceType POD = core("pods", "pod", "Pod", true, true, "po");
    public static final ResourceType SERVICE = core("services", "service", "Service", true, true, "svc");
    public static final ResourceType SECRET = core("secrets", "secret", "Secret", true, false);
    public static final ResourceType CONFIG_MAP = core("configmaps", "configmap", "ConfigMap", true, false, "cm");
    public static final ResourceType PVC = core("persistentvolumeclaims", "persistentvolumeclaim",
            "PersistentVolumeClaim", true, true, "pvc");
    public static final ResourceType RESOURCE_QUOTA = core("resourcequotas", "resourcequota", "ResourceQuota",
            true, true, "quota");
    public static final ResourceType LIMIT_RANGE = core("limitranges", "limitrange", "LimitRange", true, false,
            "limits");
    public static final ResourceType EVENT = core("events", "event", "Event", true, false, "ev");
    public static final ResourceType SERVICE_ACCOUNT = core("serviceaccounts", "serviceaccount", "ServiceAccount",
            true, false, "sa");
    public static final ResourceType ENDPOINTS = core("endpoints", "endpoints", "Endpoints", true, false, "ep");

    public static final ResourceType DEPLOYMENT = of("apps", "v1", "deployments", "deployment", "Deployment",
            true, true, "deploy");
    public static final ResourceType STATEFUL_SET = of("apps", "v1", "statefulsets", "statefulset", "StatefulSet",
            true, true, "sts");
    public static final ResourceType REPLICA_SET = of("apps", "v1", "replicasets", "replicaset", "ReplicaSet",
            true, true, "rs");
    public static final ResourceType JOB = of("batch", "v1", "jobs", "job", "Job", true, true);
    public static final ResourceType INGRESS = of("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress",
            true, true, "ing");
    public static final ResourceType NETWORK_POLICY = of("networking.k8s.io", "v1", "networkpolicies",
            "networkpolicy", "NetworkPolicy", true, false, "netpol");
    public static final ResourceType LEASE = of("coordination.k8s.io", "v1", "leases", "lease", "Lease",
            true, false);
    public static final ResourceType POD_DISRUPTION_BUDGET = of("policy", "v1", "poddisruptionbudgets",
            "poddisruptionbudget", "PodDisruptionBudget", true, true, "pdb");
    public static final ResourceType HPA = of("autoscaling", "v2", "horizontalpodautoscalers",
            "horizontalpodautoscaler", "HorizontalPodAutoscaler", true, true, "hpa");

    /** cert-manager's Certificate (custom domains, issue 11): stored as written; no controller issues anything. */
    public static final ResourceType CERTIFICATE = of("cert-manager.io", "v1", "certificates", "certificate",
            "Certificate", true, true, "cert");

    public static final List<ResourceType> ALL = List.of(
            NAMESPACE, NODE, POD, SERVICE, SECRET, CONFIG_MAP, PVC, RESOURCE_QUOTA, LIMIT_RANGE, EVENT,
            SERVICE_ACCOUNT, ENDPOINTS, DEPLOYMENT, STATEFUL_SET, REPLICA_SET, JOB, INGRESS, NETWORK_POLICY, LEASE,
            POD_DISRUPTION_BUDGET, HPA, CERTIFICATE);

    private static final Map<String, ResourceType> BY_PATH = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(t -> pathKey(t.group(), t.version(), t.plural()), Function.identity()));

    private ResourceTypes() {
    }

    /** The type served at {@code /api(s)/<group>/<version>/<plural>}, if any. */
    public static Optional<ResourceType> find(String group, String version, String plural) {
        return Optional.ofNullable(BY_PATH.get(pathKey(group, version, plural)));
    }

    /** The type of an object with this apiVersion and kind, if served. */
    public static Optional<ResourceType> findByKind(String apiVersion, String kind) {
        return ALL.stream().filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind)).findFirst();
    }

    /** The API groups served, in discovery order (core group excluded). */
    public static List<String> groupVersions() {
        return ALL.stream().filter(t -> !t.group().isEmpty()).map(ResourceType::apiVersion).distinct().toList();
    }

    public static List<ResourceType> inGroupVersion(String apiVersion) {
        return ALL.stream().filter(t -> t.apiVersion().equals(apiVersion)).toList();
    }

    private static String pathKey(String group, String version, String plural) {
        return group + "/" + version + "/" + plural;
    }

    private static ResourceType core(String plural, String singular, String kind, boolean namespaced,
                                     boolean hasStatus, String... shortNames) {
        return of("", "v1", plural, singular, kind, namespaced, hasStatus, shortNames);
    }

    private static ResourceType of(String group, String version, String plural, String singular, String kind,
                                   boolean namespaced, boolean hasStatus, String... shortNames) {
        return new ResourceType(group, version, plural, singular, kind, namespaced, List.of(shortNames), hasStatus);
    }
}
