package io.storeorchestrator.worker.readiness;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Tells a pod that will never become ready from one that is merely slow. Only pods of the attempt being checked count
 * (its generation and revision, {@link PodTemplateStamp}): a retry must not fail on the crash loop of the attempt it
 * replaces, nor a rollback on the pods of the update it undoes.
 *
 * <p>Unschedulable fails only after a grace period (a cluster autoscaler may add a node), counted from the pod
 * condition's own transition time, so any worker looking at any time reaches the same verdict; an instance also
 * remembers when it first saw a condition that carries no time.
 */
public final class PodFailureClassifier {

    /** Container waiting reasons that do not clear up without a change to the spec or the image. */
    public static final Set<String> FATAL_WAITING_REASONS = Set.of(
            "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "InvalidImageName");
    static final String UNSCHEDULABLE = "Unschedulable";

    private final Duration unschedulableGrace;
    private final Map<String, Instant> unschedulableSince = new HashMap<>();

    public PodFailureClassifier(Duration unschedulableGrace) {
        this.unschedulableGrace = unschedulableGrace;
    }

    /** The pods a check looks at: those stamped with {@code attempt}. */
    public static List<Pod> ofAttempt(List<Pod> pods, PodTemplateStamp attempt) {
        return pods.stream().filter(attempt::stamps).toList();
    }

    /**
     * @return why the first pod of {@code attempt} that cannot become ready will not, or empty
     */
    public Optional<ReadinessVerdict.Failed> failure(List<Pod> pods, PodTemplateStamp attempt, Instant now) {
        for (Pod pod : ofAttempt(pods, attempt)) {
            Optional<ReadinessVerdict.Failed> containerFailure = containerFailure(pod);
            if (containerFailure.isPresent()) {
                return containerFailure;
            }
            Optional<PodCondition> unschedulable = unschedulableCondition(pod);
            if (unschedulable.isEmpty()) {
                unschedulableSince.remove(pod.getMetadata().getName());
                continue;
            }
            Instant since = since(pod.getMetadata().getName(), unschedulable.get(), now);
            if (!now.isBefore(since.plus(unschedulableGrace))) {
                return Optional.of(new ReadinessVerdict.Failed(UNSCHEDULABLE, "pod " + pod.getMetadata().getName()
                        + ": " + nullToEmpty(unschedulable.get().getMessage())));
            }
        }
        return Optional.empty();
    }

    /** Pods of {@code attempt} that are unschedulable but still within the grace, for the WAITING message. */
    public List<String> unschedulableWithinGrace(List<Pod> pods, PodTemplateStamp attempt) {
        List<String> names = new ArrayList<>();
        for (Pod pod : ofAttempt(pods, attempt)) {
            if (unschedulableCondition(pod).isPresent()) {
                names.add("pod " + pod.getMetadata().getName() + " unschedulable");
            }
        }
        return names;
    }

    private static Optional<ReadinessVerdict.Failed> containerFailure(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        List<ContainerStatus> statuses = Stream.concat(
                        nullToEmpty(pod.getStatus().getInitContainerStatuses()).stream(),
                        nullToEmpty(pod.getStatus().getContainerStatuses()).stream())
                .toList();
        for (ContainerStatus status : statuses) {
            ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
            if (waiting != null && FATAL_WAITING_REASONS.contains(waiting.getReason())) {
                return Optional.of(new ReadinessVerdict.Failed(waiting.getReason(), "container " + status.getName()
                        + " in pod " + pod.getMetadata().getName() + ": " + nullToEmpty(waiting.getMessage())));
            }
        }
        return Optional.empty();
    }

    private static Optional<PodCondition> unschedulableCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                        && UNSCHEDULABLE.equals(c.getReason()))
                .findFirst();
    }

    /**
     * The condition's own transition time when the cluster reports one (it survives a worker restart); otherwise
     * when this wait first saw it.
     */
    private Instant since(String podName, PodCondition condition, Instant now) {
        Instant firstSeen = unschedulableSince.computeIfAbsent(podName, name -> now);
        String transition = condition.getLastTransitionTime();
        if (transition != null) {
            try {
                Instant reported = Instant.parse(transition);
                return reported.isBefore(firstSeen) ? reported : firstSeen;
            } catch (DateTimeParseException ignored) {
                // fall back to our own observation
            }
        }
        return firstSeen;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
