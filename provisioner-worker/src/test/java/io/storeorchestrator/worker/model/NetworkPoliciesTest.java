package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkPoliciesTest {

    private final StoreSpec store = Fixtures.woo();
    private final Map<String, NetworkPolicy> policies = NetworkPolicies.all(store, WorkerConfig.defaults()).stream()
            .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));

    @Test
    void everyPolicyIsInTheStoreNamespaceWithStoreLabels() {
        assertThat(policies).hasSize(5);
        policies.values().forEach(policy -> {
            assertThat(policy.getMetadata().getNamespace()).isEqualTo(store.namespace());
            assertThat(policy.getMetadata().getLabels()).containsAllEntriesOf(store.labels());
        });
    }

    @Test
    void defaultDenySelectsAllPodsAndAllowsNothing() {
        NetworkPolicy deny = policies.get(NetworkPolicies.DEFAULT_DENY);

        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    }

    @Test
    void onlyTheIngressControllerNamespaceReachesTheAppPort() {
        NetworkPolicy policy = policies.get(NetworkPolicies.ALLOW_INGRESS_CONTROLLER_TO_APP);

        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry(StoreLabels.COMPONENT, "app");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> assertThat(
                    peer.getNamespaceSelector().getMatchLabels())
                    .isEqualTo(Map.of("kubernetes.io/metadata.name", "ingress-nginx")));
            assertThat(ports(rule.getPorts())).containsExactly("TCP/80");
        });
    }

    @Test
    void appReachesOnlyItsDatabaseOnTheDatabasePortAndTheDatabaseAcceptsOnlyTheApp() {
        NetworkPolicy egress = policies.get(NetworkPolicies.ALLOW_APP_TO_DATABASE);
        assertThat(egress.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(egress.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> assertThat(
                    peer.getPodSelector().getMatchLabels()).containsEntry(StoreLabels.COMPONENT, "database"));
            assertThat(ports(rule.getPorts())).containsExactly("TCP/3306");
        });

        NetworkPolicy ingress = policies.get(NetworkPolicies.ALLOW_DATABASE_FROM_APP);
        assertThat(ingress.getSpec().getPodSelector().getMatchLabels()).containsEntry(StoreLabels.COMPONENT, "database");
        assertThat(ingress.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getPodSelector().getMatchLabels()).containsEntry(StoreLabels.COMPONENT, "app");
                assertThat(peer.getNamespaceSelector()).isNull();
            });
            assertThat(ports(rule.getPorts())).containsExactly("TCP/3306");
        });
    }

    @Test
    void dnsIsAllowedOnlyToKubeDnsOverUdpAndTcp() {
        NetworkPolicy dns = policies.get(NetworkPolicies.ALLOW_DNS);

        assertThat(dns.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(dns.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .isEqualTo(Map.of("kubernetes.io/metadata.name", "kube-system"));
                assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(Map.of("k8s-app", "kube-dns"));
            });
            assertThat(ports(rule.getPorts())).containsExactlyInAnyOrder("UDP/53", "TCP/53");
        });
    }

    private static List<String> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> p.getProtocol() + "/" + portNumber(p.getPort())).toList();
    }

    private static Integer portNumber(IntOrString port) {
        return port.getIntVal();
    }
}
