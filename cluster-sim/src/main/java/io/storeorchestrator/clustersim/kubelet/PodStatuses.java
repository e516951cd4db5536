package io.storeorchestrator.clustersim.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.store.Meta;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pod statuses a kubelet reports: starting, running and ready, or one of the {@link FailureMode}s; for a Job's pod,
 * run to completion or exited with an error.
 */
final class PodStatuses {

    static final String NODE_NAME = "sim-node-1";
    static final String HOST_IP = "10.0.0.10";

    private static final AtomicInteger POD_IPS = new AtomicInteger();

    private PodStatuses() {
    }

    /** Just created: Pending, containers being created. */
    static ObjectNode creating(ObjectNode pod, String now) {
        ObjectNode status = Json.object();
        status.put("phase", "Pending");
        status.put("qosClass", "Burstable");
        ArrayNode containers = status.putArray("containerStatuses");
        for (JsonNode container : pod.path("spec").path("containers")) {
            ObjectNode containerStatus = containerStatus(container, false, 0);
            containerStatus.putObject("state").putObject("waiting").put("reason", "ContainerCreating");
            containers.add(containerStatus);
        }
        return status;
    }

    static ObjectNode running(ObjectNode pod, String now) {
        ObjectNode status = scheduled(pod, "Running", now);
        status.set("conditions", podConditions(pod, true, null, now));
        ArrayNode containers = status.putArray("containerStatuses");
        for (JsonNode container : pod.path("spec").path("containers")) {
            containers.add(runningContainer(container, now));
        }
        return status;
    }

    /** A Job's pod whose containers all exited 0: phase Succeeded, as a kubelet leaves it. */
    static ObjectNode completed(ObjectNode pod, String now) {
        ObjectNode status = scheduled(pod, "Succeeded", now);
        status.set("conditions", finishedConditions(pod, "PodCompleted", now));
        ArrayNode containers = status.putArray("containerStatuses");
        for (JsonNode container : pod.path("spec").path("containers")) {
            ObjectNode containerStatus = containerStatus(container, false, 0);
            containerStatus.putObject("state").set("terminated", terminated(0, "Completed", null, now));
            containers.add(containerStatus);
        }
        return status;
    }

    /**
     * A Job's pod whose first container exited 1 (restartPolicy Never: no restart): phase Failed, the container's
     * terminated state carrying exit code, reason {@code Error} and a message, as a termination message would.
     */
    static ObjectNode exited(ObjectNode pod, String ruleName, String now) {
        ObjectNode status = scheduled(pod, "Failed", now);
        status.set("conditions", finishedConditions(pod, "PodFailed", now));
        ArrayNode statuses = status.putArray("containerStatuses");
        JsonNode containers = pod.path("spec").path("containers");
        for (int i = 0; i < containers.size(); i++) {
            JsonNode container = containers.get(i);
            String name = container.path("name").asText();
            ObjectNode containerStatus = containerStatus(container, false, 0);
            ObjectNode terminated = i == 0
                    ? terminated(1, "Error", "cluster-sim rule " + ruleName + ": " + name + " exited with code 1", now)
                    : terminated(0, "Completed", null, now);
            containerStatus.putObject("state").set("terminated", terminated);
            statuses.add(containerStatus);
        }
        return status;
    }

    static ObjectNode failing(ObjectNode pod, FailureMode mode, String now) {
        if (mode == FailureMode.UNSCHEDULABLE) {
            ObjectNode status = Json.object();
            status.put("phase", "Pending");
            status.put("qosClass", "Burstable");
            status.set("conditions", new Conditions(pod.path("status").path("conditions"), now)
                    .add("PodScheduled", false, "Unschedulable", "0/1 nodes are available: 1 Insufficient cpu.")
                    .build());
            return status;
        }
        JsonNode containers = pod.path("spec").path("containers");
        String failing = containers.path(0).path("name").asText();
        boolean crashing = mode == FailureMode.CRASH_LOOP_BACK_OFF || mode == FailureMode.EXIT_ERROR;
        ObjectNode status = scheduled(pod, crashing ? "Running" : "Pending", now);
        status.set("conditions", podConditions(pod, false, failing, now));
        ArrayNode statuses = status.putArray("containerStatuses");
        for (int i = 0; i < containers.size(); i++) {
            JsonNode container = containers.get(i);
            statuses.add(i == 0 ? failedContainer(pod, container, mode, now) : runningContainer(container, now));
        }
        return status;
    }

    private static ObjectNode failedContainer(ObjectNode pod, JsonNode container, FailureMode mode, String now) {
        String name = container.path("name").asText();
        String image = container.path("image").asText();
        boolean crashing = mode == FailureMode.CRASH_LOOP_BACK_OFF || mode == FailureMode.EXIT_ERROR;
        ObjectNode status = containerStatus(container, false, crashing ? 3 : 0);
        ObjectNode waiting = status.putObject("state").putObject("waiting");
        switch (mode) {
            case CRASH_LOOP_BACK_OFF, EXIT_ERROR -> {
                waiting.put("reason", "CrashLoopBackOff");
                waiting.put("message", "back-off 40s restarting failed container=" + name + " pod=" + Meta.name(pod)
                        + "_" + Meta.namespace(pod) + "(" + Meta.uid(pod) + ")");
                ObjectNode terminated = status.putObject("lastState").putObject("terminated");
                terminated.put("exitCode", 1);
                terminated.put("reason", "Error");
                terminated.put("startedAt", now);
                terminated.put("finishedAt", now);
            }
            case IMAGE_PULL_BACK_OFF -> {
                waiting.put("reason", "ImagePullBackOff");
                waiting.put("message", "Back-off pulling image \"" + image + "\"");
            }
            case ERR_IMAGE_PULL -> {
                waiting.put("reason", "ErrImagePull");
                waiting.put("message", "failed to pull and unpack image \"" + image + "\": not found");
            }
            case UNSCHEDULABLE -> throw new IllegalArgumentException("an unschedulable pod has no container state");
        }
        return status;
    }

    private static ObjectNode scheduled(ObjectNode pod, String phase, String now) {
        ObjectNode status = Json.object();
        status.put("phase", phase);
        status.put("hostIP", HOST_IP);
        String podIp = pod.path("status").path("podIP").asText("");
        if (podIp.isEmpty()) {
            int n = POD_IPS.incrementAndGet();
            podIp = "10.244." + (n / 254) % 256 + "." + (n % 254 + 1);
        }
        status.put("podIP", podIp);
        status.putArray("podIPs").addObject().put("ip", podIp);
        status.put("startTime", pod.path("status").path("startTime").asText(now));
        status.put("qosClass", "Burstable");
        return status;
    }

    private static ArrayNode podConditions(ObjectNode pod, boolean ready, String unreadyContainer, String now) {
        String message = ready ? null : "containers with unready status: [" + unreadyContainer + "]";
        String reason = ready ? null : "ContainersNotReady";
        return new Conditions(pod.path("status").path("conditions"), now)
                .add("PodReadyToStartContainers", true, null, null)
                .add("Initialized", true, null, null)
                .add("Ready", ready, reason, message)
                .add("ContainersReady", ready, reason, message)
                .add("PodScheduled", true, null, null)
                .build();
    }

    private static ArrayNode finishedConditions(ObjectNode pod, String reason, String now) {
        return new Conditions(pod.path("status").path("conditions"), now)
                .add("PodReadyToStartContainers", false, null, null)
                .add("Initialized", true, reason, null)
                .add("Ready", false, reason, null)
                .add("ContainersReady", false, reason, null)
                .add("PodScheduled", true, null, null)
                .build();
    }

    private static ObjectNode terminated(int exitCode, String reason, String message, String now) {
        ObjectNode terminated = Json.object();
        terminated.put("exitCode", exitCode);
        terminated.put("reason", reason);
        if (message != null) {
            terminated.put("message", message);
        }
        terminated.put("startedAt", now);
        terminated.put("finishedAt", now);
        return terminated;
    }

    private static ObjectNode runningContainer(JsonNode container, String now) {
        ObjectNode status = containerStatus(container, true, 0);
        status.putObject("state").putObject("running").put("startedAt", now);
        return status;
    }

    private static ObjectNode containerStatus(JsonNode container, boolean ready, int restarts) {
        ObjectNode status = Json.object();
        status.put("name", container.path("name").asText());
        status.put("image", container.path("image").asText());
        status.put("imageID", "");
        status.put("ready", ready);
        status.put("started", ready);
        status.put("restartCount", restarts);
        return status;
    }
}
