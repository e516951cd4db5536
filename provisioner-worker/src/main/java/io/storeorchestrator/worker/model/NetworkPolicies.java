package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.List;
import java.util.Map;

import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_APP;
import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_DATABASE;

/**
 * The store's network fence: nothing in or out, except the ingress controller to the app, the app to its own
 * database, and DNS. NetworkPolicies are additive, so each allowance is its own small policy on top of the deny.
 */
public final class NetworkPolicies {

    public static final String DEFAULT_DENY = "default-deny";
    public static final String ALLOW_INGRESS_CONTROLLER_TO_APP = "allow-ingress-controller-to-app";
    public static final String ALLOW_APP_TO_DATABASE = "allow-app-to-database";
    public static final String ALLOW_DATABASE_FROM_APP = "allow-database-from-app";
    public static final String ALLOW_DNS = "allow-dns";

    /** Set by Kubernetes on every namespace; selects one namespace by name without labelling it ourselves. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    static final String DNS_NAMESPACE = "kube-system";
    static final Map<String, String> DNS_POD_LABELS = Map.of("k8s-app", "kube-dns");
    static final int DNS_PORT = 53;

    private NetworkPolicies() {
    }

    public static List<NetworkPolicy> all(StoreSpec store, WorkerConfig config) {
        return List.of(defaultDeny(store), ingressControllerToApp(store, config), appToDatabase(store),
                databaseFromApp(store), dns(store));
    }

    /** Selects every pod and allows nothing: all traffic the store needs is allowed explicitly below. */
    static NetworkPolicy defaultDeny(StoreSpec store) {
        NetworkPolicySpec spec = new NetworkPolicySpec();
        spec.setPodSelector(new LabelSelector());
        spec.setPolicyTypes(List.of("Ingress", "Egress"));
        return policy(store, DEFAULT_DENY, spec);
    }

    static NetworkPolicy ingressControllerToApp(StoreSpec store, WorkerConfig config) {
        NetworkPolicyPeer controller = new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(matching(Map.of(NAMESPACE_NAME_LABEL, config.ingressControllerNamespace())))
                .build();
        NetworkPolicySpec spec = new NetworkPolicySpec();
        spec.setPodSelector(component(store, COMPONENT_APP));
        spec.setPolicyTypes(List.of("Ingress"));
        spec.setIngress(List.of(new NetworkPolicyIngressRuleBuilder()
                .withFrom(controller)
                .withPorts(tcp(store.engine().appPort()))
                .build()));
        return policy(store, ALLOW_INGRESS_CONTROLLER_TO_APP, spec);
    }

    static NetworkPolicy appToDatabase(StoreSpec store) {
        NetworkPolicySpec spec = new NetworkPolicySpec();
        spec.setPodSelector(component(store, COMPONENT_APP));
        spec.setPolicyTypes(List.of("Egress"));
        spec.setEgress(List.of(new NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder().withPodSelector(component(store, COMPONENT_DATABASE)).build())
                .withPorts(tcp(store.engine().database().port()))
                .build()));
        return policy(store, ALLOW_APP_TO_DATABASE, spec);
    }

    static NetworkPolicy databaseFromApp(StoreSpec store) {
        NetworkPolicySpec spec = new NetworkPolicySpec();
        spec.setPodSelector(component(store, COMPONENT_DATABASE));
        spec.setPolicyTypes(List.of("Ingress"));
        spec.setIngress(List.of(new NetworkPolicyIngressRuleBuilder()
                .withFrom(new NetworkPolicyPeerBuilder().withPodSelector(component(store, COMPONENT_APP)).build())
                .withPorts(tcp(store.engine().database().port()))
                .build()));
        return policy(store, ALLOW_DATABASE_FROM_APP, spec);
    }

    /** Name resolution only towards the cluster DNS, so a compromised pod cannot use an outside resolver. */
    static NetworkPolicy dns(StoreSpec store) {
        NetworkPolicyPeer kubeDns = new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(matching(Map.of(NAMESPACE_NAME_LABEL, DNS_NAMESPACE)))
                .withPodSelector(matching(DNS_POD_LABELS))
                .build();
        NetworkPolicySpec spec = new NetworkPolicySpec();
        spec.setPodSelector(new LabelSelector());
        spec.setPolicyTypes(List.of("Egress"));
        spec.setEgress(List.of(new NetworkPolicyEgressRuleBuilder()
                .withTo(kubeDns)
                .withPorts(port("UDP", DNS_PORT), port("TCP", DNS_PORT))
                .build()));
        return policy(store, ALLOW_DNS, spec);
    }

    private static NetworkPolicy policy(StoreSpec store, String name, NetworkPolicySpec spec) {
        return new NetworkPolicyBuilder()
                .withMetadata(store.metadata(name))
                .withSpec(spec)
                .build();
    }

    private static LabelSelector component(StoreSpec store, String component) {
        return matching(store.selector(component));
    }

    private static LabelSelector matching(Map<String, String> labels) {
        return new LabelSelectorBuilder().withMatchLabels(labels).build();
    }

    private static NetworkPolicyPort tcp(int port) {
        return port("TCP", port);
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
    }
}
