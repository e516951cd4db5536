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
        assertThat(policies).hasSize(6);
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

    @Test
    void medusasAppAndJobsAloneReachItsDatabaseAndRedis() {
        StoreSpec medusa = Fixtures.store(io.storeorchestrator.common.domain.Engine.MEDUSA);
        Map<String, NetworkPolicy> medusaPolicies = NetworkPolicies.all(medusa, WorkerConfig.defaults()).stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));

        assertThat(medusaPolicies.keySet()).containsExactlyInAnyOrder(NetworkPolicies.DEFAULT_DENY,
                NetworkPolicies.ALLOW_INGRESS_CONTROLLER_TO_APP, NetworkPolicies.ALLOW_APP_TO_DATABASE,
                NetworkPolicies.ALLOW_DATABASE_FROM_APP, NetworkPolicies.ALLOW_APP_TO_CACHE,
                NetworkPolicies.ALLOW_CACHE_FROM_APP, NetworkPolicies.ALLOW_DNS, NetworkPolicies.ALLOW_APP_TO_INTERNET);
        assertThat(ports(medusaPolicies.get(NetworkPolicies.ALLOW_INGRESS_CONTROLLER_TO_APP).getSpec().getIngress()
                .getFirst().getPorts())).containsExactly("TCP/9000");

        NetworkPolicy toDatabase = medusaPolicies.get(NetworkPolicies.ALLOW_APP_TO_DATABASE);
        assertClientsAreAppAndJobs(medusa, toDatabase.getSpec().getPodSelector());
        assertThat(toDatabase.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo().getFirst().getPodSelector().getMatchLabels())
                    .containsEntry(StoreLabels.COMPONENT, "database");
            assertThat(ports(rule.getPorts())).containsExactly("TCP/5432");
        });
        NetworkPolicy database = medusaPolicies.get(NetworkPolicies.ALLOW_DATABASE_FROM_APP);
        assertThat(database.getSpec().getIngress()).singleElement().satisfies(rule ->
                assertClientsAreAppAndJobs(medusa, rule.getFrom().getFirst().getPodSelector()));

        NetworkPolicy toCache = medusaPolicies.get(NetworkPolicies.ALLOW_APP_TO_CACHE);
        assertClientsAreAppAndJobs(medusa, toCache.getSpec().getPodSelector());
        assertThat(toCache.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo().getFirst().getPodSelector().getMatchLabels())
                    .containsEntry(StoreLabels.COMPONENT, "cache");
            assertThat(ports(rule.getPorts())).containsExactly("TCP/6379");
        });
        NetworkPolicy cache = medusaPolicies.get(NetworkPolicies.ALLOW_CACHE_FROM_APP);
        assertThat(cache.getSpec().getPodSelector().getMatchLabels()).containsEntry(StoreLabels.COMPONENT, "cache");
        assertThat(cache.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertClientsAreAppAndJobs(medusa, rule.getFrom().getFirst().getPodSelector());
            assertThat(ports(rule.getPorts())).containsExactly("TCP/6379");
        });
    }

    @Test
    void withoutRedisThereIsNoCachePolicy() {
        StoreSpec medusa = Fixtures.withoutRedis(Fixtures.store(io.storeorchestrator.common.domain.Engine.MEDUSA));

        assertThat(NetworkPolicies.all(medusa, WorkerConfig.defaults())).extracting(p -> p.getMetadata().getName())
                .doesNotContain(NetworkPolicies.ALLOW_APP_TO_CACHE, NetworkPolicies.ALLOW_CACHE_FROM_APP)
                .hasSize(6);
    }

    private static void assertClientsAreAppAndJobs(StoreSpec store, io.fabric8.kubernetes.api.model.LabelSelector selector) {
        assertThat(selector.getMatchLabels()).isEqualTo(Map.of(StoreLabels.STORE_ID, store.id().toString()));
        assertThat(selector.getMatchExpressions()).singleElement().satisfies(expression -> {
            assertThat(expression.getKey()).isEqualTo(StoreLabels.COMPONENT);
            assertThat(expression.getOperator()).isEqualTo("In");
            assertThat(expression.getValues()).containsExactly("app", "job");
        });
    }

    @Test
    void onlyTheAppGoesOutAndNeverToAPrivateOrMetadataAddress() {
        NetworkPolicy out = NetworkPolicies.all(Fixtures.woo(), WorkerConfig.defaults()).stream()
                .filter(p -> p.getMetadata().getName().equals(NetworkPolicies.ALLOW_APP_TO_INTERNET)).findFirst()
                .orElseThrow();

        assertThat(out.getSpec().getPodSelector().getMatchLabels())
                .containsEntry(io.storeorchestrator.common.naming.StoreLabels.COMPONENT, StoreSpec.COMPONENT_APP);
        assertThat(out.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(out.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).isEmpty();
            assertThat(rule.getTo()).extracting(peer -> peer.getIpBlock().getCidr()).containsExactly("0.0.0.0/0", "::/0");
            assertThat(rule.getTo().getFirst().getIpBlock().getExcept()).contains("10.0.0.0/8", "172.16.0.0/12",
                    "192.168.0.0/16", "169.254.0.0/16");
            assertThat(rule.getTo().getLast().getIpBlock().getExcept()).contains("fc00::/7", "fe80::/10");
        });
    }
}
