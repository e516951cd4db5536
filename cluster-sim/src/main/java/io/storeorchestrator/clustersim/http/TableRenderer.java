package io.storeorchestrator.clustersim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.store.Meta;
import io.storeorchestrator.clustersim.store.ResourceType;
import io.storeorchestrator.clustersim.store.ResourceTypes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} kubectl asks for, with the columns kubectl users expect for
 * the kinds the platform creates (Name … Age), and Name/Age for the rest.
 */
final class TableRenderer {

    private record Column(String name, String type, Function<JsonNode, Object> cell) {
    }

    private final Clock clock;
    private final Map<ResourceType, List<Column>> columnsByType;

    TableRenderer(Clock clock) {
        this.clock = clock;
        Column name = new Column("Name", "string", Meta::name);
        Column age = new Column("Age", "string", this::age);
        this.columnsByType = Map.of(
                ResourceTypes.NAMESPACE, List.of(name, text("Status", "status.phase"), age),
                ResourceTypes.NODE, List.of(name, new Column("Status", "string", o -> "Ready"),
                        new Column("Roles", "string", o -> "control-plane"), age,
                        text("Version", "status.nodeInfo.kubeletVersion")),
                ResourceTypes.POD, List.of(name, new Column("Ready", "string", TableRenderer::podReady),
                        new Column("Status", "string", TableRenderer::podStatus),
                        new Column("Restarts", "integer", TableRenderer::podRestarts), age),
                ResourceTypes.DEPLOYMENT, List.of(name, readyOfReplicas(),
                        number("Up-to-date", "status.updatedReplicas"),
                        number("Available", "status.availableReplicas"), age),
                ResourceTypes.STATEFUL_SET, List.of(name, readyOfReplicas(), age),
                ResourceTypes.REPLICA_SET, List.of(name, number("Desired", "spec.replicas"),
                        number("Current", "status.replicas"), number("Ready", "status.readyReplicas"), age),
                ResourceTypes.SERVICE, List.of(name, text("Type", "spec.type"), text("Cluster-IP", "spec.clusterIP"),
                        new Column("External-IP", "string", o -> "<none>"),
                        new Column("Port(s)", "string", TableRenderer::servicePorts), age),
                ResourceTypes.INGRESS, List.of(name, text("Class", "spec.ingressClassName"),
                        new Column("Hosts", "string", TableRenderer::ingressHosts),
                        new Column("Address", "string", o -> ""), new Column("Ports", "string", o -> "80"), age),
                ResourceTypes.PVC, List.of(name, text("Status", "status.phase"), text("Volume", "spec.volumeName"),
                        text("Capacity", "status.capacity.storage"),
                        new Column("Access Modes", "string", TableRenderer::accessModes),
                        text("StorageClass", "spec.storageClassName"), age),
                ResourceTypes.SECRET, List.of(name, text("Type", "type"),
                        new Column("Data", "integer", o -> o.path("data").size()), age));
    }

    ObjectNode render(ResourceType type, List<ObjectNode> objects, long resourceVersion, String continueToken,
                      String includeObject) {
        List<Column> columns = columnsByType.getOrDefault(type,
                List.of(new Column("Name", "string", Meta::name), new Column("Age", "string", this::age)));
        ObjectNode table = Json.object();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        metadata.put("resourceVersion", Long.toString(resourceVersion));
        if (continueToken != null) {
            metadata.put("continue", continueToken);
        }
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column column : columns) {
            ObjectNode definition = definitions.addObject();
            definition.put("name", column.name());
            definition.put("type", column.type());
            definition.put("format", column.name().equals("Name") ? "name" : "");
            definition.put("description", "");
            definition.put("priority", 0);
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            columns.forEach(column -> addCell(cells, column.cell().apply(object)));
            rowObject(object, includeObject, row);
        }
        return table;
    }

    private static void addCell(ArrayNode cells, Object value) {
        if (value instanceof Integer number) {
            cells.add(number);
        } else {
            cells.add(String.valueOf(value));
        }
    }

    /** kubectl's default is object metadata only; {@code includeObject=Object} asks for the whole object. */
    private static void rowObject(ObjectNode object, String includeObject, ObjectNode row) {
        if (includeObject.equals("None")) {
            return;
        }
        if (includeObject.equals("Object")) {
            row.set("object", object);
            return;
        }
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.get("metadata"));
    }

    /** kubectl's human-readable durations: 45s, 3m12s, 95m, 5h10m, 3d4h, 40d. */
    String age(JsonNode object) {
        String created = object.path("metadata").path("creationTimestamp").asText("");
        try {
            Duration age = Duration.between(Instant.parse(created), clock.instant());
            return humanDuration(age);
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    static String humanDuration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long minutes = seconds / 60;
        long hours = minutes / 60;
        long days = hours / 24;
        if (seconds < 120) {
            return seconds + "s";
        }
        if (minutes < 10) {
            return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
        }
        if (hours < 3) {
            return minutes + "m";
        }
        if (hours < 8) {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (days < 8) {
            return hours % 24 == 0 ? days + "d" : days + "d" + hours % 24 + "h";
        }
        return days + "d";
    }

    private static Column text(String name, String path) {
        return new Column(name, "string", o -> {
            String value = Meta.textAt(o, path);
            return value.isEmpty() ? "<none>" : value;
        });
    }

    private static Column number(String name, String path) {
        return new Column(name, "integer", o -> {
            JsonNode node = o;
            for (String part : path.split("\\.")) {
                node = node.path(part);
            }
            return node.asInt(0);
        });
    }

    private static Column readyOfReplicas() {
        return new Column("Ready", "string", o -> o.path("status").path("readyReplicas").asInt(0) + "/"
                + o.path("spec").path("replicas").asInt(1));
    }

    private static String podReady(JsonNode pod) {
        int containers = pod.path("spec").path("containers").size();
        int ready = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            if (status.path("ready").asBoolean(false)) {
                ready++;
            }
        }
        return ready + "/" + containers;
    }

    private static String podStatus(JsonNode pod) {
        if (Meta.isTerminating(pod)) {
            return "Terminating";
        }
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            String waiting = status.path("state").path("waiting").path("reason").asText("");
            if (!waiting.isEmpty()) {
                return waiting;
            }
        }
        return pod.path("status").path("phase").asText("Unknown");
    }

    private static int podRestarts(JsonNode pod) {
        int restarts = 0;
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            restarts += status.path("restartCount").asInt(0);
        }
        return restarts;
    }

    private static String servicePorts(JsonNode service) {
        List<String> ports = new ArrayList<>();
        for (JsonNode port : service.path("spec").path("ports")) {
            ports.add(port.path("port").asText() + "/" + port.path("protocol").asText("TCP"));
        }
        return ports.isEmpty() ? "<none>" : String.join(",", ports);
    }

    private static String ingressHosts(JsonNode ingress) {
        List<String> hosts = new ArrayList<>();
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            hosts.add(rule.path("host").asText("*"));
        }
        return hosts.isEmpty() ? "*" : String.join(",", hosts);
    }

    private static String accessModes(JsonNode claim) {
        List<String> modes = new ArrayList<>();
        for (JsonNode mode : claim.path("status").path("accessModes")) {
            modes.add(switch (mode.asText()) {
                case "ReadWriteOnce" -> "RWO";
                case "ReadOnlyMany" -> "ROX";
                case "ReadWriteMany" -> "RWX";
                case "ReadWriteOncePod" -> "RWOP";
                default -> mode.asText();
            });
        }
        return String.join(",", modes);
    }
}
