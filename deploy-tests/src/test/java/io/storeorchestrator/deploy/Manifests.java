package io.storeorchestrator.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.storeorchestrator.deploy.Yaml.at;
import static io.storeorchestrator.deploy.Yaml.list;
import static io.storeorchestrator.deploy.Yaml.text;

/** The objects one `helm template` rendered, with the lookups the checks need. */
record Manifests(List<JsonNode> objects) {

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(text(o, "kind"))).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(text(o, "metadata", "name"))).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    static String name(JsonNode object) {
        return text(object, "metadata", "name");
    }

    /** Workloads with a pod template (the chart renders Deployments only, but a StatefulSet would count too). */
    List<JsonNode> workloads() {
        List<JsonNode> out = new ArrayList<>(ofKind("Deployment"));
        out.addAll(ofKind("StatefulSet"));
        out.addAll(ofKind("DaemonSet"));
        return out;
    }

    static JsonNode podSpec(JsonNode workload) {
        return at(workload, "spec", "template", "spec");
    }

    static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> out = new ArrayList<>(list(podSpec(workload).path("containers")));
        out.addAll(list(podSpec(workload).path("initContainers")));
        return out;
    }

    /** A container's ports by name. */
    static Map<String, Integer> ports(JsonNode container) {
        Map<String, Integer> ports = new TreeMap<>();
        for (JsonNode port : list(container.path("ports"))) {
            ports.put(port.path("name").asText(), port.path("containerPort").asInt());
        }
        return ports;
    }

    /** The Deployment whose pods a Service selects. */
    JsonNode workloadSelectedBy(JsonNode service) {
        JsonNode selector = at(service, "spec", "selector");
        return workloads().stream().filter(w -> {
            JsonNode labels = at(w, "spec", "template", "metadata", "labels");
            for (Map.Entry<String, JsonNode> e : selector.properties()) {
                if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                    return false;
                }
            }
            return !selector.isEmpty();
        }).findFirst().orElseThrow(() -> new AssertionError("Service " + name(service) + " selects no workload"));
    }

    /** The Services whose selector matches these labels. */
    List<JsonNode> servicesSelecting(JsonNode podLabels) {
        return ofKind("Service").stream().filter(s -> {
            JsonNode selector = at(s, "spec", "selector");
            for (Map.Entry<String, JsonNode> e : selector.properties()) {
                if (!e.getValue().asText().equals(podLabels.path(e.getKey()).asText(null))) {
                    return false;
                }
            }
            return !selector.isEmpty();
        }).toList();
    }

    /** The container port (name → number) a Service port sends traffic to. */
    Map.Entry<String, Integer> containerPortBehind(JsonNode service, JsonNode servicePort) {
        JsonNode workload = workloadSelectedBy(service);
        JsonNode target = servicePort.has("targetPort") ? servicePort.get("targetPort") : servicePort.get("port");
        for (JsonNode container : containers(workload)) {
            for (Map.Entry<String, Integer> port : ports(container).entrySet()) {
                if (target.isTextual() ? port.getKey().equals(target.asText()) : port.getValue() == target.asInt()) {
                    return port;
                }
            }
        }
        throw new AssertionError("Service " + name(service) + " port " + servicePort + " reaches no container port");
    }
}
