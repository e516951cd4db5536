package io.storeorchestrator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.storeorchestrator.deploy.Manifests.containers;
import static io.storeorchestrator.deploy.Manifests.name;
import static io.storeorchestrator.deploy.Yaml.at;
import static io.storeorchestrator.deploy.Yaml.list;
import static io.storeorchestrator.deploy.Yaml.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Ingress reaches the API's client port and nothing else: not the management port (where /prometheus and the
 * /health details are), whichever Service port, name or number a backend uses.
 */
class ChartIngressTest {

    @ParameterizedTest
    @EnumSource(Chart.Scenario.class)
    void ingressRoutesOnlyTheApiPort(Chart.Scenario scenario) {
        Manifests manifests = Chart.render(scenario);
        for (JsonNode ingress : manifests.ofKind("Ingress")) {
            for (JsonNode rule : list(at(ingress, "spec", "rules"))) {
                for (JsonNode path : list(at(rule, "http", "paths"))) {
                    JsonNode backend = at(path, "backend", "service");
                    JsonNode service = manifests.get("Service", text(backend, "name"));
                    JsonNode servicePort = list(at(service, "spec", "ports")).stream()
                            .filter(p -> backend.path("port").has("name")
                                    ? text(backend, "port", "name").equals(text(p, "name"))
                                    : backend.path("port").path("number").asInt() == p.path("port").asInt())
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("Ingress backend " + backend + " has no Service port"));
                    Map.Entry<String, Integer> target = manifests.containerPortBehind(service, servicePort);
                    JsonNode container = containers(manifests.workloadSelectedBy(service)).getFirst();
                    String probePort = text(container, "readinessProbe", "httpGet", "port");

                    assertThat(target.getKey()).as("Ingress %s path %s reaches container port", name(ingress),
                            text(path, "path")).isEqualTo("http").isNotEqualTo(probePort);
                    assertThat(text(container, "name")).isEqualTo("api-service");
                    assertThat(text(path, "path")).doesNotStartWith("/prometheus").doesNotStartWith("/health");
                }
            }
            assertThat(ingress.path("spec").has("defaultBackend")).as("no default backend").isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ClusterIP", "NodePort", "LoadBalancer"})
    void managementPortsAreOnlyBehindClusterIpServices(String apiServiceType) {
        Manifests manifests = Chart.render(Map.of("api.service.type", apiServiceType),
                Repository.testValues("all-on.yaml"));
        assertThat(manifests.ofKind("Service")).as("some Service still reaches the API's management port")
                .anyMatch(s -> list(at(s, "spec", "ports")).stream().anyMatch(p -> "management".equals(text(p, "name")))
                        && text(s, "metadata", "labels", "app.kubernetes.io/component").equals("api"));
        for (JsonNode service : manifests.ofKind("Service")) {
            for (JsonNode port : list(at(service, "spec", "ports"))) {
                if ("management".equals(manifests.containerPortBehind(service, port).getKey())) {
                    assertThat(text(service, "spec", "type")).as("Service %s exposes the management port",
                            name(service)).isIn(null, "ClusterIP");
                }
            }
        }
    }
}
