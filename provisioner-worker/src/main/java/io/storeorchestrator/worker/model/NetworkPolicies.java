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
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_APP;
import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_CACHE;
import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_DATABASE;
import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_TEMPLATE;

/**
 * The store's network fence: nothing in or out, except the ingress controller to the app, the engine's database
 * clients (the app, and Medusa's Jobs) to its own database and cache, and DNS. NetworkPolicies are additive, so each
 * allowance is its own small policy on top of the deny.
 */
public final class NetworkPolicies {

    public static final String DEFAULT_DENY = "default-deny";
    public static final String ALLOW_INGRESS_CONTROLLER_TO_APP = "allow-ingress-controller-to-app";
    public static final String ALLOW_APP_TO_DATABASE = "allow-app-to-database";
    public static final String ALLOW_DATABASE_FROM_APP = "allow-database-from-app";
    public static final String ALLOW_APP_TO_CACHE = "allow-app-to-cache";
    public static final String ALLOW_CACHE_FROM_APP = "allow-cache-from-app";
    public static final String ALLOW_DNS = "allow-dns";
    public static final String ALLOW_APP_TO_INTERNET = "allow-app-to-internet";
    // Templates (issue 11)
    public static final String ALLOW_TEMPLATE_TO_DATABASE = "allow-template-to-database";
    public static final String ALLOW_DATABASE_FROM_TEMPLATE = "allow-database-from-template";
    public static final String ALLOW_TEMPLATE_TO_CACHE = "allow-template-to-cache";
    public static final String ALLOW_CACHE_FROM_TEMPLATE = "allow-cache-from-template";
    public static final String ALLOW_TEMPLATE_TO_INTERNET = "allow-template-to-internet";

    /**
     * What the app may not reach even on its way out: the private ranges (the cluster's pods and services, the
     * nodes, the rest of the network), loopback, link-local (the cloud metadata endpoint 169.254.169.254 among them)
     * and carrier-grade NAT. Everything inside the cluster the store needs is allowed by name above.
     */
    static final List<String> NOT_PUBLIC_V4 = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16");
    static final List<String> NOT_PUBLIC_V6 = List.of("fc00::/7", "fe80::/10", "::1/128");

    /** Set by Kubernetes on every namespace; selects one namespace by name without labelling it ourselves. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
    static final String DNS_NAMESPACE = "kube-system";
    static final Map<String, String> DNS_POD_LABELS = Map.of("k8s-app", "kube-dns");
    static final int DNS_PORT = 53;

    private NetworkPolicies() {
    }

    public static List<NetworkPolicy> all(StoreSpec store, WorkerConfig config) {
        List<NetworkPolicy> policies = new ArrayList<>(List.of(defaultDeny(store), ingressControllerToApp(store, config),
                appToDatabase(store), databaseFromApp(store)));
        store.blueprint().cache(store).ifPresent(cache -> {
            policies.add(clientsTo(store, ALLOW_APP_TO_CACHE, COMPONENT_CACHE, cache.port()));
            policies.add(reachedByClients(store, ALLOW_CACHE_FROM_APP, COMPONENT_CACHE, cache.port()));
        });
        policies.add(dns(store));
        policies.add(appToInternet(store));
        return List.copyOf(policies);
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
                .withPorts(tcp(store.blueprint().appPort()))
                .build()));
        return policy(store, ALLOW_INGRESS_CONTROLLER_TO_APP, spec);
    }

    static NetworkPolicy appToDatabase(StoreSpec store) {
        return clientsTo(store, ALLOW_APP_TO_DATABASE, COMPONENT_DATABASE, store.blueprint().database().port());
    }

    static NetworkPolicy databaseFromApp(StoreSpec store) {
        return reachedByClients(store, ALLOW_DATABASE_FROM_APP, COMPONENT_DATABASE, store.blueprint().database().port());
    }

    /** Egress from the engine's database clients to {@code component} on its port. */
    private static NetworkPolicy clientsTo(StoreSpec store, String name, String component, int port) {
        return clientsTo(store, name, clients(store), component, port);
    }

    private static NetworkPolicy clientsTo(StoreSpec store, String name, LabelSelector clients, String component,
                                           int port) {
        NetworkPolicySpec spec = new NetworkPolicySpec();
        spec.setPodSelector(clients);
        spec.setPolicyTypes(List.of("Egress"));
        spec.setEgress(List.of(new NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder().withPodSelector(component(store, component)).build())
                .withPorts(tcp(port))
                .build()));
        return policy(store, name, spec);
    }

    /** Ingress to {@code component} on its port from the engine's database clients only. */
    private static NetworkPolicy reachedByClients(StoreSpec store, String name, String component, int port) {
        return reachedByClients(store, name, component, port, clients(store));
    }

    private static NetworkPolicy reachedByClients(StoreSpec store, String name, String component, int port,
                                                  LabelSelector clients) {
        NetworkPolicySpec spec = new NetworkPolicySpec();
        spec.setPodSelector(component(store, component));
        spec.setPolicyTypes(List.of("Ingress"));
        spec.setIngress(List.of(new NetworkPolicyIngressRuleBuilder()
                .withFrom(new NetworkPolicyPeerBuilder().withPodSelector(clients).build())
                .withPorts(tcp(port))
                .build()));
        return policy(store, name, spec);
    }

    /** The pods of the engine's database clients: the app alone, or the app and its Jobs. */
    private static LabelSelector clients(StoreSpec store) {
        List<String> components = store.blueprint().databaseClients();
        if (components.size() == 1) {
            return component(store, components.getFirst());
        }
        return new LabelSelectorBuilder()
                .withMatchLabels(Map.of(StoreLabels.STORE_ID, store.id().toString()))
                .addNewMatchExpression().withKey(StoreLabels.COMPONENT).withOperator("In").withValues(components)
                .endMatchExpression()
                .build();
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

    /**
     * The app's way out (payment providers, plugin and theme downloads, mail APIs): any public address, and no private,
     * link-local or metadata one. The database, the cache and the Jobs get no way out at all.
     */
    static NetworkPolicy appToInternet(StoreSpec store) {
        return toInternet(store, ALLOW_APP_TO_INTERNET, COMPONENT_APP);
    }

    /**
     * What the template's Job may reach, applied in its step beside it: the store's database (and cache), and for
     * WooCommerce the public internet (WP-CLI downloads the theme and plugins from wordpress.org). Separate policies
     * rather than a wider engine fence, so a store without a template has exactly the fence it had, and the drift check
     * (which measures a store without its template) never sees a difference.
     */
    public static List<NetworkPolicy> template(StoreSpec store) {
        LabelSelector job = component(store, COMPONENT_TEMPLATE);
        int databasePort = store.blueprint().database().port();
        List<NetworkPolicy> policies = new ArrayList<>(List.of(
                clientsTo(store, ALLOW_TEMPLATE_TO_DATABASE, job, COMPONENT_DATABASE, databasePort),
                reachedByClients(store, ALLOW_DATABASE_FROM_TEMPLATE, COMPONENT_DATABASE, databasePort, job)));
        store.blueprint().cache(store).ifPresent(cache -> {
            policies.add(clientsTo(store, ALLOW_TEMPLATE_TO_CACHE, job, COMPONENT_CACHE, cache.port()));
            policies.add(reachedByClients(store, ALLOW_CACHE_FROM_TEMPLATE, COMPONENT_CACHE, cache.port(), job));
        });
        if (store.engine() == Engine.WOOCOMMERCE) {
            policies.add(toInternet(store, ALLOW_TEMPLATE_TO_INTERNET, COMPONENT_TEMPLATE));
        }
        return List.copyOf(policies);
    }

    private static NetworkPolicy toInternet(StoreSpec store, String name, String component) {
        NetworkPolicySpec spec = new NetworkPolicySpec();
        spec.setPodSelector(component(store, component));
        spec.setPolicyTypes(List.of("Egress"));
        spec.setEgress(List.of(new NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("0.0.0.0/0")
                                .withExcept(NOT_PUBLIC_V4).endIpBlock().build(),
                        new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("::/0")
                                .withExcept(NOT_PUBLIC_V6).endIpBlock().build())
                .build()));
        return policy(store, name, spec);
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
