package io.storeorchestrator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.storeorchestrator.deploy.Manifests.name;
import static io.storeorchestrator.deploy.Yaml.at;
import static io.storeorchestrator.deploy.Yaml.list;
import static io.storeorchestrator.deploy.Yaml.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The platform's own NetworkPolicies: who may reach which port, and where the pods may go. */
class ChartNetworkPolicyTest {

    private final Manifests manifests = Chart.render(Chart.Scenario.ALL_ON);

    @Test
    void everyWorkloadIsSelectedByExactlyOnePolicyThatRestrictsBothDirections() {
        for (JsonNode workload : manifests.workloads()) {
            JsonNode labels = at(workload, "spec", "template", "metadata", "labels");
            List<JsonNode> policies = manifests.ofKind("NetworkPolicy").stream()
                    .filter(p -> selects(at(p, "spec", "podSelector", "matchLabels"), labels)).toList();
            assertThat(policies).as(name(workload)).hasSize(1);
            assertThat(list(at(policies.getFirst(), "spec", "policyTypes"))).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("Ingress", "Egress");
        }
    }

    @Test
    void theApiPortIsOpenToTheIngressControllerAndTheManagementPortToMonitoringOnly() {
        JsonNode api = policy("api");
        JsonNode fromIngressController = ingressRuleFor(api, "http", "ingress-nginx");
        assertThat(fromIngressController).as("API port from ingress-nginx").isNotNull();
        assertThat(ingressRuleFor(api, "management", "monitoring")).isNotNull();
        for (String component : List.of("api", "worker", "reaper")) {
            for (JsonNode rule : list(at(policy(component), "spec", "ingress"))) {
                Set<String> ports = ports(rule);
                assertThat(rule.has("from")).as(component + ": no rule open to everyone").isTrue();
                if (ports.contains("management")) {
                    assertThat(namespaces(rule)).as(component + " management from").containsExactly("monitoring");
                    assertThat(ports).containsExactly("management");
                } else {
                    assertThat(component).as("only the API takes client traffic").isEqualTo("api");
                    assertThat(ports).containsExactly("http");
                }
            }
        }
    }

    @Test
    void theIngressControllerAndMonitoringNamespacesAreConfigurable() {
        Manifests custom = Chart.render(Map.of(
                        "networkPolicy.ingressController.namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name", "traefik",
                        "networkPolicy.monitoring.namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name", "observability"),
                Repository.testValues("all-on.yaml"));
        JsonNode api = custom.get("NetworkPolicy", "so-store-orchestrator-api");
        assertThat(ingressRuleFor(api, "http", "traefik")).isNotNull();
        assertThat(ingressRuleFor(api, "management", "observability")).isNotNull();
    }

    @Test
    void egressIsDnsDatabaseBrokerAndForWorkerAndReaperTheKubernetesApi() {
        for (String component : List.of("api", "worker", "reaper")) {
            Set<Integer> ports = new TreeSet<>();
            for (JsonNode rule : list(at(policy(component), "spec", "egress"))) {
                list(rule.path("ports")).forEach(p -> ports.add(p.path("port").asInt()));
            }
            if (component.equals("api")) {
                assertThat(ports).as(component).containsExactlyInAnyOrder(53, 5432, 5672);
            } else {
                assertThat(ports).as(component).containsExactlyInAnyOrder(53, 5432, 5672, 443, 6443);
            }
        }
        JsonNode worker = policy("worker");
        assertThat(list(at(worker, "spec", "egress"))).anyMatch(rule ->
                list(rule.path("ports")).stream().anyMatch(p -> p.path("port").asInt() == 5432)
                        && "10.20.0.0/16".equals(text(list(rule.path("to")).getFirst(), "ipBlock", "cidr")));
    }

    private JsonNode policy(String component) {
        return manifests.get("NetworkPolicy", "so-store-orchestrator-" + component);
    }

    private static JsonNode ingressRuleFor(JsonNode policy, String port, String namespace) {
        return list(at(policy, "spec", "ingress")).stream()
                .filter(r -> ports(r).contains(port) && namespaces(r).contains(namespace)).findFirst().orElse(null);
    }

    private static Set<String> ports(JsonNode rule) {
        Set<String> out = new TreeSet<>();
        list(rule.path("ports")).forEach(p -> out.add(p.path("port").asText()));
        return out;
    }

    private static Set<String> namespaces(JsonNode rule) {
        Set<String> out = new TreeSet<>();
        list(rule.path("from")).forEach(peer -> out.add(
                at(peer, "namespaceSelector", "matchLabels").path("kubernetes.io/metadata.name").asText("<any>")));
        return out;
    }

    private static boolean selects(JsonNode matchLabels, JsonNode labels) {
        for (Map.Entry<String, JsonNode> e : matchLabels.properties()) {
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
