package io.storeorchestrator.clustersim.kubelet;

import java.util.function.Predicate;

/**
 * Makes matching pods fail instead of becoming ready.
 *
 * @param name             shown in logs
 * @param matches          which pods (besides target and attempt) the rule is for
 * @param target           app pods, database pods or any
 * @param firstAttemptOnly only pods of store generation "1", so a retry of the store succeeds
 */
public record FailureRule(String name, Predicate<PodContext> matches, FailureMode mode, FailureTarget target,
                          boolean firstAttemptOnly) {

    /** A rule for every store whose name starts with {@code prefix}. */
    public static FailureRule forStoreNamePrefix(String prefix, FailureMode mode, FailureTarget target,
                                                 boolean firstAttemptOnly) {
        return new FailureRule(prefix + "*", pod -> pod.storeName().startsWith(prefix), mode, target,
                firstAttemptOnly);
    }

    /**
     * A rule for the pods of the Job named {@code jobName} in every store whose name starts with {@code prefix}, on
     * every attempt: the store's other Jobs and workloads run as usual.
     */
    public static FailureRule forJobOfStores(String jobName, String prefix, FailureMode mode) {
        return new FailureRule(prefix + "* Job " + jobName, pod -> pod.storeName().startsWith(prefix)
                && jobName.equals(pod.podLabels().get(JobController.JOB_NAME_LABEL)), mode, FailureTarget.JOB, false);
    }

    /** A rule for the pods of every Job whose name starts with {@code jobNamePrefix}, on every attempt. */
    public static FailureRule forJobNamePrefix(String jobNamePrefix, FailureMode mode) {
        return new FailureRule("job " + jobNamePrefix + "*", pod -> pod.podName().startsWith(jobNamePrefix), mode,
                FailureTarget.JOB, false);
    }

    public boolean appliesTo(PodContext pod) {
        return target.covers(pod.workload())
                && (!firstAttemptOnly || pod.isFirstAttempt())
                && matches.test(pod);
    }
}
