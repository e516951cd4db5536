package io.storeorchestrator.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.api.events.EventApplier.Outcome;
import io.storeorchestrator.api.store.TimelineRepository;
import io.storeorchestrator.api.support.ApiFixtureTest;
import io.storeorchestrator.api.support.Outbox;
import io.storeorchestrator.api.support.RunningApi;
import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workers' lifecycle v2 events, applied through the entry point the events consumer uses, against the real
 * database: the store row and its revision rows after each.
 */
class RevisionEventsIT extends ApiFixtureTest {

    private static final String CRASHING = "container wordpress in pod shop-app-1 restarted 5 times";

    @Test
    void aSuccessfulUpdateMakesTheStoreRunTheNewRevision() {
        String id = updating("update-ok", "{\"version\":\"6.5\",\"plan\":\"medium\"}");

        assertThat(fixture.apply(event(id, 2, StoreEventType.UPDATE_STARTED, null, 2)))
                .as("the API moved it to UPDATING already").containsExactly(Outcome.RECORDED);
        assertThat(fixture.apply(event(id, 2, StoreEventType.READY, null, 2))).containsExactly(Outcome.STATUS_CHANGED);

        JsonNode store = fixture.store(id);
        assertThat(store.get("status").asText()).isEqualTo("READY");
        assertThat(store.get("revision").asInt()).isEqualTo(2);
        assertThat(store.get("version").asText()).isEqualTo("6.5");
        assertThat(store.get("plan").asText()).isEqualTo("medium");
        assertThat(store.get("statusReason").isNull()).isTrue();
        assertThat(revisionRow(id, 2)).containsExactly("READY", "update: version 6.6 → 6.5, plan small → medium",
                "ready");
        assertThat(revisionRow(id, 1)).containsExactly("READY", "create: version 6.6, plan small", "ready");
        JsonNode timeline = api.get("/api/v1/stores/" + id + "/events").json().get("items");
        assertThat(timeline.get(timeline.size() - 1).get("revision").asInt()).isEqualTo(2);
    }

    @Test
    void aFailedUpdateRolledBackIsReadyAtTheLastReadyRevisionSayingWhatFailed() {
        String id = updating("update-rolled-back", "{\"version\":\"6.5\"}");

        assertThat(fixture.apply(rollingBack(id, 2, 2))).containsExactly(Outcome.STORE_CHANGED);
        JsonNode rollingBack = fixture.store(id);
        assertThat(rollingBack.get("status").asText()).isEqualTo("UPDATING");
        assertThat(rollingBack.get("statusReason").asText()).isEqualTo("update to revision 2 (version 6.5, plan small) "
                + "failed: CrashLoopBackOff: " + CRASHING + "; rolling back to revision 1");
        assertThat(revisionRow(id, 2)).containsExactly("FAILED", "CrashLoopBackOff: " + CRASHING, null);

        assertThat(fixture.apply(event(id, 2, StoreEventType.ROLLED_BACK, null, 1)))
                .containsExactly(Outcome.STATUS_CHANGED);
        JsonNode store = fixture.store(id);
        assertThat(store.get("status").asText()).isEqualTo("READY");
        assertThat(store.get("revision").asInt()).isEqualTo(1);
        assertThat(store.get("version").asText()).isEqualTo("6.6");
        assertThat(store.get("failure").isNull()).isTrue();
        assertThat(store.get("statusReason").asText()).isEqualTo("update to revision 2 (version 6.5, plan small) "
                + "failed: CrashLoopBackOff: " + CRASHING + "; rolled back to revision 1");
        assertThat(revisionRow(id, 2)).as("the failed revision keeps its reason")
                .containsExactly("FAILED", "CrashLoopBackOff: " + CRASHING, null);
        JsonNode rolledBack = lastEntry(id);
        assertThat(rolledBack.get("type").asText()).isEqualTo("ROLLED_BACK");
        assertThat(rolledBack.get("revision").asInt()).isEqualTo(1);

        // The next intent clears the explanation.
        RunningApi.Response again = api.patchJson("/api/v1/stores/" + id, "{\"plan\":\"medium\"}");
        assertThat(again.json().get("statusReason").isNull()).isTrue();
        assertThat(revisionRow(id, 3)).first().isEqualTo("PENDING");
    }

    @Test
    void rollingBackAndRolledBackInOneBatchFromAProducerWithoutRevisions() {
        String id = updating("old-producer", "{\"version\":\"6.5\"}");
        assertThat(fixture.apply(rollingBack(id, 2, null), event(id, 2, StoreEventType.ROLLED_BACK, null, null)))
                .containsExactly(Outcome.STORE_CHANGED, Outcome.STATUS_CHANGED);
        JsonNode store = fixture.store(id);
        assertThat(store.get("status").asText()).isEqualTo("READY");
        assertThat(store.get("revision").asInt()).isEqualTo(1);
        assertThat(store.get("statusReason").asText()).startsWith("update to revision 2").endsWith("rolled back to revision 1");
        assertThat(revisionRow(id, 2)).first().isEqualTo("FAILED");
    }

    @Test
    void aFailedRollbackFailsTheStoreAndARetryProvisionsTheLastReadyRevision() {
        String id = updating("rollback-failed", "{\"version\":\"6.5\",\"plan\":\"large\"}");
        fixture.apply(rollingBack(id, 2, 2));
        StoreEvent failed = StoreEvent.failed(UUID.fromString(id), 2,
                new StoreFailure("wait-ready", "ImagePullBackOff", "wordpress:6.6-apache: not found", Instant.now()))
                .aboutRevision(1);
        assertThat(fixture.apply(failed)).containsExactly(Outcome.STATUS_CHANGED);

        JsonNode store = fixture.store(id);
        assertThat(store.get("status").asText()).isEqualTo("FAILED");
        assertThat(store.at("/failure/reason").asText()).isEqualTo("ImagePullBackOff");
        assertThat(store.get("revision").asInt()).isEqualTo(1);
        assertThat(revisionRow(id, 1)).as("it served; still something to return to").first().isEqualTo("READY");
        assertThat(revisionRow(id, 2)).first().isEqualTo("FAILED");

        RunningApi.Response retried = api.send("POST", "/api/v1/stores/" + id + "/retry", null, null, java.util.Map.of());
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.json().get("plan").asText()).isEqualTo("small");
        assertThat(retried.json().get("version").asText()).isEqualTo("6.6");
        assertThat(retried.json().get("revision").asInt()).isEqualTo(1);
        StoreCommand provision = Outbox.last(fixture.db, id);
        assertThat(provision.type()).isEqualTo(CommandType.PROVISION);
        assertThat(provision.generation()).isEqualTo(3);
        assertThat(provision.revision()).isEqualTo(1);
        assertThat(provision.version()).isEqualTo("6.6");
        assertThat(provision.plan()).isEqualTo("small");
    }

    @Test
    void aFailedUpdateWithoutRollbackFailsTheStoreAndItsRevision() {
        String id = updating("update-deadline", "{\"version\":\"6.5\"}");
        StoreEvent deadline = StoreEvent.failed(UUID.fromString(id), 2,
                new StoreFailure("deadline", StoreFailure.DEADLINE_EXCEEDED, "not ready within 10m", Instant.now()));
        assertThat(fixture.apply(deadline)).containsExactly(Outcome.STATUS_CHANGED);
        assertThat(fixture.store(id).get("status").asText()).isEqualTo("FAILED");
        assertThat(revisionRow(id, 2)).containsExactly("FAILED", "DeadlineExceeded: not ready within 10m", null);
    }

    @Test
    void aFailedCreationFailsRevisionOneAndARetryTakesItOver() {
        String id = fixture.createStore("create-fails").get("id").asText();
        fixture.apply(StoreEvent.failed(UUID.fromString(id), 1,
                new StoreFailure("database", "Invalid", "bad volume", Instant.now())));
        assertThat(revisionRow(id, 1)).containsExactly("FAILED", "Invalid: bad volume", null);

        api.send("POST", "/api/v1/stores/" + id + "/retry", null, null, java.util.Map.of());
        assertThat(revisionRow(id, 1)).containsExactly("PENDING", "retry after: Invalid: bad volume", null);
        fixture.apply(id, 2, StoreEventType.STARTED, "picked up");
        fixture.apply(id, 2, StoreEventType.READY, "serving");
        assertThat(revisionRow(id, 1)).first().isEqualTo("READY");
    }

    @Test
    void aReprovisionedStoreSaysWhyAndReturnsToReadyAtItsRevision() {
        String id = fixture.readyStore("vanished").get("id").asText();
        StoreEvent reprovisioning = event(id, 1, StoreEventType.REPROVISIONING, null, 1);
        assertThat(fixture.apply(reprovisioning)).containsExactly(Outcome.STATUS_CHANGED);
        JsonNode provisioning = fixture.store(id);
        assertThat(provisioning.get("status").asText()).isEqualTo("PROVISIONING");
        assertThat(provisioning.get("statusReason").asText()).isEqualTo(reprovisioning.message());
        String firstReady = provisioning.get("readyAt").asText();

        fixture.apply(event(id, 1, StoreEventType.DRIFT_CORRECTED, null, 1));
        assertThat(fixture.apply(event(id, 1, StoreEventType.READY, null, 1))).containsExactly(Outcome.STATUS_CHANGED);
        JsonNode ready = fixture.store(id);
        assertThat(ready.get("status").asText()).isEqualTo("READY");
        assertThat(ready.get("statusReason").isNull()).isTrue();
        assertThat(ready.get("readyAt").asText()).as("when it first became READY").isEqualTo(firstReady);
        List<String> types = new ArrayList<>();
        api.get("/api/v1/stores/" + id + "/events").json().get("items").forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).endsWith("REPROVISIONING", "DRIFT_CORRECTED", "READY");
    }

    @Test
    void driftCorrectedIsTimelineOnly() {
        String id = fixture.readyStore("drifted").get("id").asText();
        assertThat(fixture.apply(event(id, 1, StoreEventType.DRIFT_CORRECTED, null, 1)))
                .containsExactly(Outcome.RECORDED);
        assertThat(lastEntry(id).get("message").asText()).isEqualTo("event DRIFT_CORRECTED");
        assertThat(fixture.store(id).get("status").asText()).isEqualTo("READY");
    }

    @Test
    void timeToReadyCountsWhatACreateOrRetryAskedForNotUpdatesNorReprovisioning() {
        TimelineRepository timeline = api.bean(TimelineRepository.class);
        UUID created = UUID.fromString(fixture.readyStore("timed-create").get("id").asText());
        assertThat(timeline.acceptedAt(Map.of(created, 1L))).containsOnlyKeys(created);

        UUID updated = UUID.fromString(updating("timed-update", "{\"version\":\"6.5\"}"));
        fixture.apply(event(updated.toString(), 2, StoreEventType.READY, null, 2));
        assertThat(timeline.acceptedAt(Map.of(updated, 2L))).isEmpty();

        UUID vanished = UUID.fromString(fixture.readyStore("timed-vanished").get("id").asText());
        fixture.apply(event(vanished.toString(), 1, StoreEventType.REPROVISIONING, null, 1),
                event(vanished.toString(), 1, StoreEventType.READY, null, 1));
        assertThat(timeline.acceptedAt(Map.of(vanished, 1L))).isEmpty();
    }

    /** A READY store at revision 1 with a PATCH accepted: UPDATING, generation 2, revision 2 PENDING. */
    private String updating(String name, String patch) {
        String id = fixture.readyStore(name).get("id").asText();
        RunningApi.Response response = api.patchJson("/api/v1/stores/" + id, patch);
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return id;
    }

    private static StoreEvent rollingBack(String id, long generation, Integer revision) {
        StoreEvent event = new StoreEvent(UUID.randomUUID(), UUID.fromString(id), generation,
                StoreEventType.ROLLING_BACK, "wait-ready", CRASHING, Instant.now(), "CrashLoopBackOff", null);
        return revision == null ? event : event.aboutRevision(revision);
    }

    private static StoreEvent event(String id, long generation, StoreEventType type, String reason, Integer revision) {
        StoreEvent event = new StoreEvent(UUID.randomUUID(), UUID.fromString(id), generation, type, "test",
                "event " + type, Instant.now(), reason, null);
        return revision == null ? event : event.aboutRevision(revision);
    }

    private JsonNode lastEntry(String id) {
        JsonNode items = api.get("/api/v1/stores/" + id + "/events").json().get("items");
        return items.get(items.size() - 1);
    }

    /** status, reason, and "ready" when ready_at is set (null otherwise). */
    private List<String> revisionRow(String id, int revision) {
        try (Connection c = fixture.db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT status, reason, ready_at FROM store_revisions WHERE store_id = ? AND revision = ?")) {
            ps.setObject(1, UUID.fromString(id));
            ps.setInt(2, revision);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("revision " + revision + " of " + id).isTrue();
                List<String> row = new ArrayList<>();
                row.add(rs.getString(1));
                row.add(rs.getString(2));
                row.add(rs.getObject(3) == null ? null : "ready");
                return row;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
