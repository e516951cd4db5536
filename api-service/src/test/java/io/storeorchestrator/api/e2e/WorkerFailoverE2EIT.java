package io.storeorchestrator.api.e2e;

import io.storeorchestrator.clustersim.ClusterSimConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker killed (SIGKILL) in the middle of provisioning loses nothing. A store it had parked to wait for its pods
 * is woken by its durable wake-up on the wait queue, whichever worker is alive then; a command it was still running
 * goes back to the queue unacknowledged, and its lease simply expires.
 */
class WorkerFailoverE2EIT {

    private static PlatformStack stack;
    private static ApiClient api;

    @BeforeAll
    static void startPlatform() {
        // Pods take a while to become ready, so the first worker is surely still waiting when it is killed.
        stack = new PlatformStack(ClusterSimConfig.forTests().withReadyDelay(Duration.ofSeconds(5)));
        api = stack.startApi(Map.of("PROVISIONING_TIMEOUT", "2m"));
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aWorkerKilledWhileApplyingObjectsLeavesTheStoreToTheNext() {
        // Every API call takes 400 ms, so the worker is surely mid-apply, holding the store's lease, when it dies.
        stack.cluster().knobs().setApiLatency(Duration.ofMillis(400));
        try {
            ServiceProcess first = stack.startWorker("provisioner-worker-applying", Map.of());
            String id = api.createStore("killed-applying", "woocommerce").body().path("id").asText();
            await("first worker applying").atMost(Duration.ofSeconds(60))
                    .until(() -> api.timeline(id).stream().anyMatch(line -> line.startsWith("STEP namespace")));
            first.kill();
            stack.cluster().knobs().setApiLatency(Duration.ZERO);

            ServiceProcess second = stack.startWorker("provisioner-worker-taking-over", Map.of());
            await("READY after failover").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(api.status(id)).as("timeline %s", api.timeline(id))
                            .isEqualTo("READY"));
            // The unacked command came back; the second worker waited out the dead one's lease and started over.
            assertThat(api.timeline(id).stream().filter(line -> line.startsWith("STARTED")).count()).isEqualTo(2);
            second.close();
        } finally {
            stack.cluster().knobs().setApiLatency(Duration.ZERO);
        }
    }

    @Test
    void aSecondWorkerFinishesWhatAKilledWorkerStarted() {
        ServiceProcess first = stack.startWorker("provisioner-worker-first", Map.of());
        String id = api.createStore("failover-shop", "woocommerce").body().path("id").asText();

        await("first worker waiting for readiness").atMost(Duration.ofSeconds(60))
                .until(() -> api.timeline(id).stream().anyMatch(line -> line.startsWith("WAITING wait-ready")));
        assertThat(api.status(id)).isEqualTo("PROVISIONING");
        first.kill();

        ServiceProcess second = stack.startWorker("provisioner-worker-second", Map.of());
        await("READY after failover").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(api.status(id)).as("timeline %s", api.timeline(id)).isEqualTo("READY"));

        assertThat(api.timeline(id).stream().filter(line -> line.startsWith("STARTED")).count())
                .as("the second worker resumed the wait, it did not start over").isEqualTo(1);
        assertThat(api.timeline(id)).noneMatch(line -> line.startsWith("FAILED"));
        second.close();
    }
}
