package io.storeorchestrator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.storeorchestrator.deploy.Manifests.containers;
import static io.storeorchestrator.deploy.Manifests.name;
import static io.storeorchestrator.deploy.Yaml.list;
import static io.storeorchestrator.deploy.Yaml.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every environment variable a workload gets (its env, and the keys of the ConfigMaps and Secrets it takes whole) is
 * one its service reads: a misspelt or stale name in the chart would otherwise be silently ignored.
 */
class ChartEnvironmentTest {

    @ParameterizedTest
    @EnumSource(Chart.Scenario.class)
    void everyEnvironmentVariableIsReadByTheService(Chart.Scenario scenario) {
        Manifests manifests = Chart.render(scenario);
        Map<String, Set<String>> awaiting = awaitingServices();
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode workload : manifests.workloads()) {
            for (JsonNode container : containers(workload)) {
                String service = text(container, "name");
                assertThat(Repository.SERVICES).as("container %s runs a known service", service).contains(service);
                Set<String> read = ServiceEnvironment.readBy(service);
                for (String env : environment(manifests, container)) {
                    boolean pending = awaiting.getOrDefault(env, Set.of()).contains(service);
                    soft.assertThat(read.contains(env) || pending)
                            .as("%s (%s) sets %s, which %s does not read (it reads %s)", name(workload), scenario, env,
                                    service, read)
                            .isTrue();
                }
            }
        }
        soft.assertAll();
    }

    /** The allowance for names awaiting a service change ends when the service reads them. */
    @Test
    void namesAwaitingAServiceChangeAreNotReadYet() {
        awaitingServices().forEach((env, services) -> services.forEach(service ->
                assertThat(ServiceEnvironment.readBy(service))
                        .as("%s now reads %s: remove it from env-awaiting-services.txt", service, env)
                        .doesNotContain(env)));
    }

    /** The sources the check relies on are found at all (so an empty set cannot make it pass). */
    @Test
    void servicesReadTheirKnownSettings() {
        assertThat(ServiceEnvironment.readBy("api-service"))
                .contains("DATABASE_URL", "OUTBOX_BATCH_SIZE", "RABBITMQ_HOST", "RABBITMQ_TOPOLOGY_PREFIX", "JAVA_OPTS")
                .doesNotContain("KUBERNETES_QPS", "WORKER_CONCURRENCY");
        assertThat(ServiceEnvironment.readBy("provisioner-worker"))
                .contains("WORKER_CONCURRENCY", "KUBERNETES_QPS", "KUBERNETES_CONNECT_TIMEOUT", "RABBITMQ_PASSWORD");
        assertThat(ServiceEnvironment.readBy("reaper-service"))
                .contains("REAPER_IDENTITY", "KUBERNETES_BURST", "RABBITMQ_CONFIRM_TIMEOUT");
    }

    private static Set<String> environment(Manifests manifests, JsonNode container) {
        Set<String> names = new TreeSet<>();
        list(container.path("env")).forEach(e -> names.add(text(e, "name")));
        for (JsonNode source : list(container.path("envFrom"))) {
            String prefix = source.path("prefix").asText("");
            if (source.has("configMapRef")) {
                manifests.get("ConfigMap", text(source, "configMapRef", "name")).path("data").fieldNames()
                        .forEachRemaining(k -> names.add(prefix + k));
            }
            if (source.has("secretRef")) {
                JsonNode secret = manifests.get("Secret", text(source, "secretRef", "name"));
                secret.path("data").fieldNames().forEachRemaining(k -> names.add(prefix + k));
                secret.path("stringData").fieldNames().forEachRemaining(k -> names.add(prefix + k));
            }
        }
        return names;
    }

    /** env-awaiting-services.txt: name → services that will read it. */
    static Map<String, Set<String>> awaitingServices() {
        Map<String, Set<String>> out = new TreeMap<>();
        String text = Repository.read(Repository.ROOT.resolve("deploy-tests/src/test/resources/env-awaiting-services.txt"));
        for (String line : text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            String[] columns = line.split("\\s+", 3);
            out.put(columns[0], new TreeSet<>(Arrays.asList(columns[1].split(","))));
        }
        return out;
    }
}
