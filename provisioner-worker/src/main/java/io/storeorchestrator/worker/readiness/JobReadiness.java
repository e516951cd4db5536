package io.storeorchestrator.worker.readiness;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.storeorchestrator.common.naming.StoreLabels;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a run-once Job is done, still running, or failed for good, from the Job and its pods. A failed Job fails the
 * store with the Job's own reason ({@code BackoffLimitExceeded}, {@code DeadlineExceeded}) and what its failing
 * container last said (its termination message, which {@code FallbackToLogsOnError} fills from the log's tail).
 */
public final class JobReadiness {

    /** The reason of a Failed condition that gives none. */
    static final String JOB_FAILED = "JobFailed";
    /** Enough of a log's tail to say what went wrong; a termination message may be 4 KiB. */
    static final int MAX_CONTAINER_MESSAGE = 500;
    /** {@code scheme://user:password@}: a connection string in an error message keeps its user, not its password. */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\\s]*):[^@\\s]*@");

    private JobReadiness() {
    }

    /**
     * @param job        the Job, null when absent
     * @param pods       pods of the namespace (the Job's own are picked out)
     * @param generation the store's current generation
     */
    public static ReadinessVerdict verdict(String name, Job job, List<Pod> pods, long generation) {
        if (job == null) {
            return new ReadinessVerdict.NotReady("Job " + name + " missing");
        }
        if (hasCondition(job, "Complete").isPresent()) {
            return new ReadinessVerdict.Ready();
        }
        Optional<JobCondition> failed = hasCondition(job, "Failed");
        if (failed.isPresent()) {
            if (failedBefore(job, generation)) {
                return new ReadinessVerdict.NotReady("Job " + name + " of an earlier attempt failed; it is replaced");
            }
            return failure(name, failed.get(), pods);
        }
        int failures = job.getStatus() == null || job.getStatus().getFailed() == null ? 0 : job.getStatus().getFailed();
        return new ReadinessVerdict.NotReady("Job " + name + " not complete"
                + (failures == 0 ? "" : " (" + failures + " failed " + (failures == 1 ? "attempt" : "attempts") + ")"));
    }

    /**
     * Whether an existing Job must be replaced before this attempt can run it: it failed in an earlier generation (a
     * retry after its failure). A completed Job, or one still running, is kept: it did, or will do, the same work.
     */
    public static boolean failedBefore(Job job, long generation) {
        return hasCondition(job, "Failed").isPresent() && !Long.toString(generation).equals(generationOf(job));
    }

    private static String generationOf(Job job) {
        if (job.getSpec() == null || job.getSpec().getTemplate() == null
                || job.getSpec().getTemplate().getMetadata() == null) {
            return null;
        }
        Map<String, String> annotations = job.getSpec().getTemplate().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(StoreLabels.GENERATION);
    }

    private static Optional<JobCondition> hasCondition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }

    private static ReadinessVerdict.Failed failure(String name, JobCondition failed, List<Pod> pods) {
        String reason = blank(failed.getReason()) ? JOB_FAILED : failed.getReason();
        StringBuilder message = new StringBuilder("Job ").append(name).append(" failed: ").append(reason);
        if (!blank(failed.getMessage())) {
            message.append(" (").append(failed.getMessage()).append(')');
        }
        lastFailedContainer(name, pods).ifPresent(container -> message.append("; ").append(container));
        return new ReadinessVerdict.Failed(reason, message.toString());
    }

    /** What the Job's most recent failed container said: which container, its exit code, its reason and message. */
    private static Optional<String> lastFailedContainer(String jobName, List<Pod> pods) {
        return pods.stream()
                .filter(pod -> ownedBy(pod, jobName))
                .sorted(Comparator.comparing((Pod pod) -> Objects.toString(pod.getMetadata().getCreationTimestamp(), ""))
                        .reversed())
                .flatMap(pod -> terminatedWithError(pod).stream())
                .findFirst();
    }

    private static boolean ownedBy(Pod pod, String jobName) {
        return pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(owner -> "Job".equals(owner.getKind()) && jobName.equals(owner.getName()));
    }

    private static Optional<String> terminatedWithError(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            ContainerStateTerminated terminated = erroredTermination(status);
            if (terminated != null) {
                String said = blank(terminated.getMessage()) ? "" : ": " + lastWords(terminated.getMessage());
                return Optional.of("container " + status.getName() + " in pod " + pod.getMetadata().getName()
                        + " exited with code " + terminated.getExitCode()
                        + (blank(terminated.getReason()) ? "" : " (" + terminated.getReason() + ")") + said);
            }
        }
        return Optional.empty();
    }

    private static ContainerStateTerminated erroredTermination(ContainerStatus status) {
        for (var state : new io.fabric8.kubernetes.api.model.ContainerState[]{status.getState(), status.getLastState()}) {
            if (state != null && state.getTerminated() != null && state.getTerminated().getExitCode() != null
                    && state.getTerminated().getExitCode() != 0) {
                return state.getTerminated();
            }
        }
        return null;
    }

    /**
     * The end of a termination message, on one line, with any password in a connection string masked: it comes from
     * the application's own log and goes to the store's timeline.
     */
    static String lastWords(String message) {
        String oneLine = URL_CREDENTIALS.matcher(message.strip()).replaceAll("$1:***@").replaceAll("\\s*\\n\\s*", " | ");
        return oneLine.length() <= MAX_CONTAINER_MESSAGE ? oneLine
                : "…" + oneLine.substring(oneLine.length() - MAX_CONTAINER_MESSAGE);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
