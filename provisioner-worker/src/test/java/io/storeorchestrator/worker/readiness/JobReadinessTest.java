package io.storeorchestrator.worker.readiness;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.storeorchestrator.common.naming.StoreLabels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobReadinessTest {

    private static final String NAME = "medusa-migrate-r1";

    @Test
    void aCompleteJobIsReady() {
        assertThat(JobReadiness.verdict(NAME, job(3, "Complete", null, null, 0), List.of(), 3))
                .isInstanceOf(ReadinessVerdict.Ready.class);
    }

    @Test
    void anAbsentOrRunningJobIsWaitedFor() {
        assertThat(JobReadiness.verdict(NAME, null, List.of(), 3))
                .isEqualTo(new ReadinessVerdict.NotReady("Job medusa-migrate-r1 missing"));
        assertThat(JobReadiness.verdict(NAME, job(3, null, null, null, 0), List.of(), 3))
                .isEqualTo(new ReadinessVerdict.NotReady("Job medusa-migrate-r1 not complete"));
        assertThat(JobReadiness.verdict(NAME, job(3, null, null, null, 1), List.of(), 3))
                .isEqualTo(new ReadinessVerdict.NotReady("Job medusa-migrate-r1 not complete (1 failed attempt)"));
    }

    @Test
    void aFailedJobFailsWithItsReasonAndWhatItsLastFailedContainerSaid() {
        List<Pod> pods = List.of(
                Pods.ofJob(NAME, "medusa-migrate-r1-aaaaa", 3, "2025-01-01T12:00:00Z", "migrate", 1, "Error",
                        "first try"),
                Pods.ofJob(NAME, "medusa-migrate-r1-bbbbb", 3, "2025-01-01T12:00:30Z", "migrate", 1, "Error",
                        "Error: relation \"product\" does not exist"),
                Pods.ofJob("other-job", "other-job-ccccc", 3, "2025-01-01T12:01:00Z", "other", 2, "Error", "not this"));

        ReadinessVerdict verdict = JobReadiness.verdict(NAME, job(3, "Failed", "BackoffLimitExceeded",
                "Job has reached the specified backoff limit", 3), pods, 3);

        assertThat(verdict).isEqualTo(new ReadinessVerdict.Failed("BackoffLimitExceeded",
                "Job medusa-migrate-r1 failed: BackoffLimitExceeded (Job has reached the specified backoff limit); "
                        + "container migrate in pod medusa-migrate-r1-bbbbb exited with code 1 (Error): "
                        + "Error: relation \"product\" does not exist"));
    }

    @Test
    void withoutPodsOrAReasonTheFailureStillSaysWhichJob() {
        assertThat(JobReadiness.verdict(NAME, job(3, "Failed", "DeadlineExceeded", null, 1), List.of(), 3))
                .isEqualTo(new ReadinessVerdict.Failed("DeadlineExceeded",
                        "Job medusa-migrate-r1 failed: DeadlineExceeded"));
        assertThat(JobReadiness.verdict(NAME, job(3, "Failed", null, null, 1), List.of(), 3))
                .isEqualTo(new ReadinessVerdict.Failed("JobFailed", "Job medusa-migrate-r1 failed: JobFailed"));
    }

    @Test
    void aContainerWithoutAMessageIsNamedWithItsExitCodeAndReason() {
        List<Pod> pods = List.of(Pods.ofJob(NAME, "medusa-migrate-r1-aaaaa", 3, "2025-01-01T12:00:00Z", "migrate",
                137, "OOMKilled", null));

        assertThat(((ReadinessVerdict.Failed) JobReadiness.verdict(NAME, job(3, "Failed", "BackoffLimitExceeded",
                null, 3), pods, 3)).message())
                .endsWith("; container migrate in pod medusa-migrate-r1-aaaaa exited with code 137 (OOMKilled)");
    }

    @Test
    void aJobThatFailedInAnEarlierAttemptIsReplacedNotBlamed() {
        Job failedInGeneration2 = job(2, "Failed", "BackoffLimitExceeded", null, 3);

        assertThat(JobReadiness.failedBefore(failedInGeneration2, 3)).isTrue();
        assertThat(JobReadiness.failedBefore(failedInGeneration2, 2)).isFalse();
        assertThat(JobReadiness.failedBefore(job(2, "Complete", null, null, 0), 3)).as("done work is kept").isFalse();
        assertThat(JobReadiness.failedBefore(job(2, null, null, null, 1), 3)).as("a running one too").isFalse();
        assertThat(JobReadiness.verdict(NAME, failedInGeneration2, List.of(), 3))
                .isInstanceOf(ReadinessVerdict.NotReady.class);
    }

    @Test
    void aContainersLastWordsKeepTheirTailOnOneLineWithPasswordsMasked() {
        assertThat(JobReadiness.lastWords("connect to postgres://store:s3cr3t-Pa55@postgres:5432/store failed\n"
                + "  at Client.connect\n"))
                .isEqualTo("connect to postgres://store:***@postgres:5432/store failed | at Client.connect");
        assertThat(JobReadiness.lastWords("redis://:pw@redis:6379 refused")).isEqualTo("redis://:***@redis:6379 refused");
        String longLog = "x".repeat(2000) + " the end";
        assertThat(JobReadiness.lastWords(longLog)).hasSize(JobReadiness.MAX_CONTAINER_MESSAGE + 1)
                .startsWith("…").endsWith("the end");
    }

    private static Job job(long generation, String condition, String reason, String message, int failed) {
        JobBuilder job = new JobBuilder().withNewMetadata().withName(NAME).endMetadata()
                .withNewSpec().withNewTemplate().withNewMetadata()
                .withAnnotations(Map.of(StoreLabels.GENERATION, Long.toString(generation)))
                .endMetadata().endTemplate().endSpec();
        var status = job.withNewStatus().withFailed(failed);
        if (condition != null) {
            status.withConditions(new JobConditionBuilder().withType(condition).withStatus("True").withReason(reason)
                    .withMessage(message).build());
        }
        return status.endStatus().build();
    }
}
