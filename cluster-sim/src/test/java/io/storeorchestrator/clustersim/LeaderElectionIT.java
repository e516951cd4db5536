package io.storeorchestrator.clustersim;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Fabric8's LeaderElector relies on Lease create conflicts and optimistic locking; the simulator must provide both. */
class LeaderElectionIT {

    private static ClusterSim sim;

    @BeforeAll
    static void start() {
        sim = ClusterSim.start(ClusterSimConfig.forTests());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void exactlyOneOfTwoElectorsLeadsAndTheOtherTakesOverWhenItStops() {
        Set<String> leading = ConcurrentHashMap.newKeySet();
        KubernetesClient client = sim.client();
        CompletableFuture<?> first = elector(client, "reaper-a", leading);
        CompletableFuture<?> second = elector(client, "reaper-b", leading);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> leading.size() == 1);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> leading.size() == 1);
            String leader = leading.iterator().next();
            assertThat(client.leases().inNamespace("default").withName("store-orchestrator-reaper").get()
                    .getSpec().getHolderIdentity()).isEqualTo(leader);

            (leader.equals("reaper-a") ? first : second).cancel(true);

            String follower = leader.equals("reaper-a") ? "reaper-b" : "reaper-a";
            await().atMost(Duration.ofSeconds(15)).until(() -> leading.equals(Set.of(follower)));
        } finally {
            List.of(first, second).forEach(f -> f.cancel(true));
        }
    }

    private static CompletableFuture<?> elector(KubernetesClient client, String identity, Set<String> leading) {
        return client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName("store-orchestrator-reaper")
                        .withLock(new LeaseLock("default", "store-orchestrator-reaper", identity))
                        .withLeaseDuration(Duration.ofSeconds(3))
                        .withRenewDeadline(Duration.ofSeconds(2))
                        .withRetryPeriod(Duration.ofMillis(250))
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(
                                () -> leading.add(identity),
                                () -> leading.remove(identity),
                                newLeader -> { }))
                        .build())
                .build()
                .start();
    }
}
