package io.storeorchestrator.worker.readiness;

import io.storeorchestrator.common.metrics.FailureReasons;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The API counts failures by reason from start-up for the reasons common knows ahead: every pod reason is one. */
class FailureReasonsTest {

    @Test
    void everyPodReasonTheWorkerFailsAStoreWithIsKnownToTheMetrics() {
        assertThat(FailureReasons.KNOWN).containsAll(PodFailureClassifier.FATAL_WAITING_REASONS)
                .contains(PodFailureClassifier.UNSCHEDULABLE);
    }
}
