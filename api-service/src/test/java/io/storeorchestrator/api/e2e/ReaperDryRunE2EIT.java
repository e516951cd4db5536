package io.storeorchestrator.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.naming.StoreLabels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * REAPER_DRY_RUN=true against the real services: a store past its deadline, an expired store and an orphaned namespace
 * are each reported in the audit log (actor reaper, "would …", once) and none of them is touched.
 */
class ReaperDryRunE2EIT {

    private static PlatformStack stack;
    private static ApiClient api;

    @BeforeAll
    static void startPlatform() {
        stack = new PlatformStack(ClusterSimConfig.forTests());
        // No worker: stores stay QUEUED, so only the reaper could change them.
        api = stack.startApi(Map.of("PROVISIONING_TIMEOUT", "2s"));
        stack.startReaper("reaper-dry-e2e", Map.of(
                "REAPER_DRY_RUN", "true",
                "REAPER_DEADLINE_GRACE", "0s",
                "REAPER_EXPIRY_NOTICE", "5s",
                "REAPER_ORPHAN_GRACE", "1s"));
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aDryRunChangesNothingButReportsEverything() {
        String late = api.createStore("late-dry", "woocommerce").body().path("id").asText();
        String expiring = api.send("POST", "/api/v1/stores",
                "{\"name\":\"expiring-dry\",\"engine\":\"woocommerce\",\"ttl\":\"10s\"}").body().path("id").asText();
        String orphan = "store-" + UUID.randomUUID();
        stack.kubernetes().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(orphan)
                .addToLabels(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM)
                .addToLabels(StoreLabels.STORE_ID, UUID.randomUUID().toString()).endMetadata().build()).create();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> reports = dryRunReports();
            assertThat(reports).anySatisfy(r -> assertThat(r).contains("would fail store late-dry"));
            assertThat(reports).anySatisfy(r -> assertThat(r).contains("would notify store expiring-dry"));
            assertThat(reports).anySatisfy(r -> assertThat(r).contains("would delete store expiring-dry"));
            assertThat(reports).anySatisfy(r -> assertThat(r).contains("would delete orphaned namespace " + orphan));
        });
        List<String> reports = dryRunReports();
        assertThat(reports).as("each once, however many sweeps").doesNotHaveDuplicates();

        assertThat(api.status(late)).as("not failed").isEqualTo("QUEUED");
        assertThat(api.status(expiring)).as("not deleted").isEqualTo("QUEUED");
        assertThat(api.timeline(expiring)).noneSatisfy(line -> assertThat(line).startsWith("EXPIRING"));
        assertThat(stack.kubernetes().namespaces().withName(orphan).get()).as("not deleted").isNotNull();
    }

    /** The audit rows of the dry run: "actor: detail". */
    private static List<String> dryRunReports() {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : api.send("GET", "/api/v1/audit?limit=100", null).body().path("items")) {
            if ("REAPER_DRY_RUN".equals(row.path("action").asText())) {
                rows.add(row.path("actor").asText() + ": " + row.path("detail").asText());
            }
        }
        return rows;
    }
}
