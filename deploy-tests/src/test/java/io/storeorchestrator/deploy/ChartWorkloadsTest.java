package io.storeorchestrator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static io.storeorchestrator.deploy.Manifests.containers;
import static io.storeorchestrator.deploy.Manifests.name;
import static io.storeorchestrator.deploy.Manifests.podSpec;
import static io.storeorchestrator.deploy.Manifests.ports;
import static io.storeorchestrator.deploy.Yaml.at;
import static io.storeorchestrator.deploy.Yaml.list;
import static io.storeorchestrator.deploy.Yaml.text;

/**
 * Every container the chart renders, in every scenario: resources, probes, and the restricted Pod Security Standard
 * (non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp, read-only root file system, which the
 * services allow: they write only to the /tmp emptyDir).
 */
class ChartWorkloadsTest {

    @ParameterizedTest
    @EnumSource(Chart.Scenario.class)
    void everyContainerHasResourcesProbesAndARestrictedSecurityContext(Chart.Scenario scenario) {
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode workload : Chart.render(scenario).workloads()) {
            JsonNode pod = podSpec(workload);
            for (JsonNode container : containers(workload)) {
                String where = name(workload) + "/" + text(container, "name") + " (" + scenario + ")";
                JsonNode resources = container.path("resources");
                soft.assertThat(text(resources, "requests", "cpu")).as(where + " cpu request").isNotBlank();
                soft.assertThat(text(resources, "requests", "memory")).as(where + " memory request").isNotBlank();
                soft.assertThat(text(resources, "limits", "memory")).as(where + " memory limit").isNotBlank();

                for (String probe : List.of("livenessProbe", "readinessProbe")) {
                    soft.assertThat(container.path(probe).path("httpGet").isObject()).as(where + " " + probe).isTrue();
                }

                JsonNode sc = container.path("securityContext");
                soft.assertThat(effective(sc, pod, "runAsNonRoot")).as(where + " runAsNonRoot").isEqualTo("true");
                soft.assertThat(text(sc, "allowPrivilegeEscalation")).as(where + " allowPrivilegeEscalation")
                        .isEqualTo("false");
                soft.assertThat(list(at(sc, "capabilities", "drop"))).extracting(JsonNode::asText)
                        .as(where + " capabilities.drop").contains("ALL");
                soft.assertThat(list(at(sc, "capabilities", "add"))).as(where + " capabilities.add").isEmpty();
                soft.assertThat(text(sc, "privileged")).as(where + " privileged").isNotEqualTo("true");
                String seccomp = sc.path("seccompProfile").has("type") ? text(sc, "seccompProfile", "type")
                        : text(pod, "securityContext", "seccompProfile", "type");
                soft.assertThat(seccomp).as(where + " seccompProfile").isIn("RuntimeDefault", "Localhost");
                soft.assertThat(text(sc, "readOnlyRootFilesystem")).as(where + " readOnlyRootFilesystem")
                        .isEqualTo("true");
                String runAsUser = sc.has("runAsUser") ? text(sc, "runAsUser") : text(pod, "securityContext", "runAsUser");
                soft.assertThat(runAsUser).as(where + " runAsUser").isNotNull().isNotEqualTo("0");
            }
            soft.assertThat(list(pod.path("volumes")))
                    .as(name(workload) + " volumes: only emptyDir, configMap, secret, projected")
                    .allMatch(v -> v.has("emptyDir") || v.has("configMap") || v.has("secret") || v.has("projected"));
            soft.assertThat(pod.path("hostNetwork").asBoolean(false)).as(name(workload) + " hostNetwork").isFalse();
        }
        soft.assertAll();
    }

    /**
     * The management endpoints are on a port of their own: probes, the ServiceMonitor and the scrape annotations use
     * it, and it is not the port the API serves its clients on.
     */
    @ParameterizedTest
    @EnumSource(Chart.Scenario.class)
    void probesAndScrapingUseTheManagementPort(Chart.Scenario scenario) {
        Manifests manifests = Chart.render(scenario);
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode workload : manifests.workloads()) {
            JsonNode container = containers(workload).getFirst();
            Map<String, Integer> ports = ports(container);
            soft.assertThat(ports).as(name(workload) + " ports").containsKeys("http", "management");
            soft.assertThat(ports.get("management")).as(name(workload) + " management port is not the http port")
                    .isNotEqualTo(ports.get("http"));
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                soft.assertThat(text(container, probe, "httpGet", "port")).as(name(workload) + " " + probe)
                        .isEqualTo("management");
            }
            JsonNode annotations = at(workload, "spec", "template", "metadata", "annotations");
            if (annotations.has("prometheus.io/port")) {
                soft.assertThat(annotations.path("prometheus.io/port").asInt()).isEqualTo(ports.get("management"));
            }
        }
        for (JsonNode monitor : manifests.ofKind("ServiceMonitor")) {
            for (JsonNode endpoint : list(at(monitor, "spec", "endpoints"))) {
                soft.assertThat(text(endpoint, "port")).as(name(monitor)).isEqualTo("management");
                soft.assertThat(text(endpoint, "path")).as(name(monitor)).isEqualTo("/prometheus");
                soft.assertThat(list(endpoint.path("relabelings")))
                        .as(name(monitor) + " sets the service label the dashboards use")
                        .anyMatch(r -> "service".equals(text(r, "targetLabel"))
                                && Repository.SERVICES.contains(text(r, "replacement")));
            }
        }
        soft.assertAll();
    }

    /** A container security setting, or the pod's when the container does not set it. */
    private static String effective(JsonNode containerContext, JsonNode pod, String key) {
        return containerContext.has(key) ? text(containerContext, key) : text(pod, "securityContext", key);
    }
}
