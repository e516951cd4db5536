package io.storeorchestrator.api.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.naming.StoreLabels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reaper against the real services: a store nobody provisions fails at its deadline, and a namespace the
 * platform labelled but no live store owns is deleted, while everything else is left alone.
 */
class ReaperE2EIT {

    private static PlatformStack stack;
    private static ApiClient api;

    @BeforeAll
    static void startPlatform() {
        stack = new PlatformStack(ClusterSimConfig.forTests());
        // No worker runs in this class: stores stay QUEUED until the reaper acts.
        api = stack.startApi(Map.of("PROVISIONING_TIMEOUT", "2s"));
        stack.startReaper("reaper-e2e", Map.of(
                "REAPER_DEADLINE_GRACE", "0s",
                "REAPER_ORPHAN_GRACE", "1s"));
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aStorePastItsDeadlineFailsWithThatReason() {
        String id = api.createStore("too-slow", "woocommerce").body().path("id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(api.status(id)).isEqualTo("FAILED"));
        assertThat(api.store(id).body().path("statusReason").asText()).containsIgnoringCase("deadline");
        assertThat(api.retry(id).status()).as("a timed-out store can be retried").isEqualTo(202);
    }

    @Test
    void orphanedNamespacesAreDeletedAndNothingElse() {
        String liveId = api.createStore("kept-shop", "woocommerce").body().path("id").asText();
        String orphan = managedNamespace("store-" + UUID.randomUUID(), UUID.randomUUID().toString());
        String owned = managedNamespace("store-" + liveId, liveId);
        stack.kubernetes().namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName("not-ours").endMetadata().build()).create();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(stack.kubernetes().namespaces().withName(orphan).get()).isNull());
        assertThat(stack.kubernetes().namespaces().withName(owned).get()).as("a live store's namespace").isNotNull();
        assertThat(stack.kubernetes().namespaces().withName("not-ours").get()).as("an unmanaged namespace").isNotNull();
    }

    private static String managedNamespace(String name, String storeId) {
        stack.kubernetes().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM)
                .addToLabels(StoreLabels.STORE_ID, storeId)
                .endMetadata().build()).create();
        return name;
    }
}
