package io.storeorchestrator.worker.readiness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PodFailureClassifierTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    private final PodFailureClassifier classifier = new PodFailureClassifier(Duration.ofSeconds(60));

    @Test
    void crashLoopNamesTheReasonContainerPodAndMessage() {
        var pod = Pods.waiting("wordpress-abc-xyz", 2, "wordpress", "CrashLoopBackOff",
                "back-off 10s restarting failed container");

        assertThat(classifier.failure(List.of(pod), attempt(2), NOW)).contains(new ReadinessVerdict.Failed("CrashLoopBackOff",
                "container wordpress in pod wordpress-abc-xyz: back-off 10s restarting failed container"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "InvalidImageName"})
    void everyFatalWaitingReasonFails(String reason) {
        var pod = Pods.waiting("p", 1, "app", reason, "m");

        assertThat(classifier.failure(List.of(pod), attempt(1), NOW)).contains(
                new ReadinessVerdict.Failed(reason, "container app in pod p: m"));
    }

    @Test
    void initContainersCountToo() {
        var pod = Pods.initWaiting("p", 1, "init-db", "ImagePullBackOff");

        assertThat(classifier.failure(List.of(pod), attempt(1), NOW)).contains(
                new ReadinessVerdict.Failed("ImagePullBackOff", "container init-db in pod p: init failed"));
    }

    @Test
    void containerCreatingIsNotAFailure() {
        var pod = Pods.waiting("p", 1, "app", "ContainerCreating", "");

        assertThat(classifier.failure(List.of(pod), attempt(1), NOW)).isEmpty();
    }

    @Test
    void podsOfOtherGenerationsAreIgnored() {
        var oldAttempt = Pods.waiting("old", 1, "wordpress", "CrashLoopBackOff", "m");
        var stuckOld = Pods.unschedulable("old-pending", 1, NOW.minus(Duration.ofHours(1)));

        assertThat(classifier.failure(List.of(oldAttempt, stuckOld, Pods.running("new", 2)), attempt(2), NOW)).isEmpty();
    }

    @Test
    void unschedulableFailsOnlyAfterTheGraceSinceFirstSeen() {
        var pod = Pods.unschedulable("mariadb-0", 1, null);

        assertThat(classifier.failure(List.of(pod), attempt(1), NOW)).isEmpty();
        assertThat(classifier.failure(List.of(pod), attempt(1), NOW.plusSeconds(59))).isEmpty();
        assertThat(classifier.failure(List.of(pod), attempt(1), NOW.plusSeconds(60))).contains(new ReadinessVerdict.Failed(
                "Unschedulable", "pod mariadb-0: 0/1 nodes are available: 1 Insufficient cpu."));
    }

    @Test
    void unschedulableUsesTheReportedTransitionTimeWhenOlder() {
        var pod = Pods.unschedulable("mariadb-0", 1, NOW.minusSeconds(61));

        assertThat(classifier.failure(List.of(pod), attempt(1), NOW)).hasValueSatisfying(
                failed -> assertThat(failed.reason()).isEqualTo("Unschedulable"));
    }

    @Test
    void aPodThatGotScheduledStartsItsGraceAfreshIfItBecomesUnschedulableAgain() {
        assertThat(classifier.failure(List.of(Pods.unschedulable("p", 1, null)), attempt(1), NOW)).isEmpty();
        assertThat(classifier.failure(List.of(Pods.running("p", 1)), attempt(1), NOW.plusSeconds(30))).isEmpty();

        assertThat(classifier.failure(List.of(Pods.unschedulable("p", 1, null)), attempt(1), NOW.plusSeconds(61))).isEmpty();
    }

    @Test
    void aFreshClassifierCountsTheGraceFromTheReportedTransitionTimeSoEveryLookAgrees() {
        var pod = Pods.unschedulable("mariadb-0", 1, NOW.minusSeconds(30));

        assertThat(new PodFailureClassifier(Duration.ofSeconds(60)).failure(List.of(pod), attempt(1), NOW)).isEmpty();
        assertThat(new PodFailureClassifier(Duration.ofSeconds(60)).failure(List.of(pod), attempt(1), NOW.plusSeconds(30)))
                .hasValueSatisfying(failed -> assertThat(failed.reason()).isEqualTo("Unschedulable"));
    }

    @Test
    void aContainerFailureIsReportedBeforeAnUnschedulablePodThatFollowsIt() {
        var crashing = Pods.waiting("wordpress-1", 1, "wordpress", "CrashLoopBackOff", "back-off");
        var pending = Pods.unschedulable("mariadb-0", 1, NOW.minus(Duration.ofHours(1)));

        assertThat(classifier.failure(List.of(crashing, pending), attempt(1), NOW)).hasValueSatisfying(
                failed -> assertThat(failed.reason()).isEqualTo("CrashLoopBackOff"));
    }

    @Test
    void aRollbackIgnoresTheCrashingPodsOfTheUpdateItUndoesThoughTheyShareItsGeneration() {
        var failedUpdate = Pods.waiting("wordpress-new", 4, 3, "wordpress", "CrashLoopBackOff", "back-off");
        var restored = Pods.running("wordpress-old", 4, 2);

        assertThat(classifier.failure(List.of(failedUpdate, restored), new PodTemplateStamp(4, 2), NOW)).isEmpty();
        assertThat(classifier.failure(List.of(failedUpdate, restored), new PodTemplateStamp(4, 3), NOW))
                .hasValueSatisfying(failed -> assertThat(failed.message()).contains("wordpress-new"));
    }

    @Test
    void podsStampedBeforeRevisionsExistedCountForTheirGeneration() {
        var legacy = Pods.waiting("wordpress-1", 1, "wordpress", "ImagePullBackOff", "pull failed");

        assertThat(classifier.failure(List.of(legacy), new PodTemplateStamp(1, 7), NOW)).isPresent();
    }

    private static PodTemplateStamp attempt(long generation) {
        return new PodTemplateStamp(generation, 1);
    }
}
