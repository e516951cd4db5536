package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.api.support.ApiFixture;
import io.storeorchestrator.api.support.ApiFixtureTest;
import io.storeorchestrator.api.support.Outbox;
import io.storeorchestrator.api.support.RunningApi;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.storeorchestrator.api.http.StoreApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** PATCH and rollback through the REST API, against the real database: what is written, and every refusal. */
class StoreUpdateIT extends ApiFixtureTest {

    @Test
    void aPatchOnAReadyStoreIsAcceptedAsANewRevisionWithAnUpdateCommandThatFallsBack() {
        String id = fixture.readyStore("patch-me").get("id").asText();

        RunningApi.Response response = patch(id, "{\"version\":\"6.5\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.header("Location")).isEqualTo("/api/v1/stores/" + id);
        JsonNode store = response.json();
        assertThat(store.get("status").asText()).isEqualTo("UPDATING");
        assertThat(store.get("generation").asLong()).isEqualTo(2);
        assertThat(store.get("revision").asInt()).as("what it runs, until the update is READY").isEqualTo(1);
        assertThat(store.get("version").asText()).isEqualTo("6.6");
        assertThat(fixture.store(id)).isEqualTo(store);

        JsonNode revisions = revisions(id);
        assertThat(revisions).hasSize(2);
        assertThat(revisions.get(0).get("revision").asInt()).isEqualTo(2);
        assertThat(revisions.get(0).get("status").asText()).isEqualTo("PENDING");
        assertThat(revisions.get(0).get("version").asText()).isEqualTo("6.5");
        assertThat(revisions.get(0).get("plan").asText()).isEqualTo("small");
        assertThat(revisions.get(0).get("reason").asText()).isEqualTo("update: version 6.6 → 6.5");
        assertThat(revisions.get(1).get("status").asText()).isEqualTo("READY");
        assertThat(revisions.get(1).get("readyAt").isNull()).isFalse();

        StoreCommand update = Outbox.last(fixture.db, id);
        assertThat(update.type()).isEqualTo(CommandType.UPDATE);
        assertThat(update.generation()).isEqualTo(2);
        assertThat(update.revision()).isEqualTo(2);
        assertThat(update.version()).isEqualTo("6.5");
        assertThat(update.plan()).isEqualTo("small");
        assertThat(update.fallback()).isEqualTo(new StoreCommand.Target(1, "small", "6.6"));
        assertThat(update.deadline()).isAfter(Instant.now().plusSeconds(60));

        JsonNode accepted = lastEvent(id);
        assertThat(accepted.get("type").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.get("step").asText()).isEqualTo("update");
        assertThat(accepted.get("revision").asInt()).isEqualTo(2);
        assertThat(accepted.get("message").asText()).isEqualTo("Revision 2 accepted: update: version 6.6 → 6.5");
        assertThat(audit(id, "STORE_UPDATE_REQUESTED")).contains("revision=2", "fallback=1", "generation=2");
    }

    @Test
    void aPatchIsRefusedWithACodeAndChangesNothing() {
        String queued = fixture.createStore("patch-queued").get("id").asText();
        assertError(patch(queued, "{\"version\":\"6.5\"}"), 409, "INVALID_STATE_TRANSITION");
        fixture.apply(queued, 1, StoreEventType.FAILED, "no");
        assertError(patch(queued, "{\"version\":\"6.5\"}"), 409, "INVALID_STATE_TRANSITION");

        String id = fixture.readyStore("patch-refused").get("id").asText();
        assertError(patch(id, "{}"), 400, "NOTHING_TO_CHANGE");
        assertError(patch(id, "{\"version\":\"6.6\",\"plan\":\"small\"}"), 400, "NOTHING_TO_CHANGE");
        assertError(patch(id, "{\"version\":null}"), 400, "NOTHING_TO_CHANGE");
        assertError(patch(id, "{\"plan\":\"gigantic\"}"), 400, "INVALID_PLAN");
        assertError(patch(id, "{\"version\":\"2.8\"}"), 400, "INVALID_VERSION");
        assertError(patch(id, "{\"version\":6.5}"), 400, "VALIDATION_FAILED");
        assertError(patch(id, "{\"plan\":[\"medium\"]}"), 400, "VALIDATION_FAILED");
        assertError(patch(id, "[{\"version\":\"6.5\"}]"), 400, "VALIDATION_FAILED");
        assertError(patch(id, ""), 400, "VALIDATION_FAILED");
        assertError(patch(id, "{\"version\":"), 400, "INVALID_JSON");
        assertError(patch(id, "\u00ff\u00fe\u0000garbage"), 400, "INVALID_JSON");
        assertError(patch(id, "{\"version\":\"" + "9".repeat(10_000) + "\"}"), 400, "INVALID_VERSION");
        assertError(patch(id, "{\"version\":\"" + "9".repeat(200_000) + "\"}"), 413, "PAYLOAD_TOO_LARGE");
        assertError(api.send("PATCH", "/api/v1/stores/" + id, "text/plain", "version=6.5", Map.of()), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertError(api.send("PATCH", "/api/v1/stores/" + id, "application/json", null, Map.of()), 400,
                "VALIDATION_FAILED");
        assertError(patch("00000000-0000-0000-0000-000000000000", "{\"version\":\"6.5\"}"), 404, "NOT_FOUND");
        assertError(patch("not-a-uuid", "{\"version\":\"6.5\"}"), 404, "NOT_FOUND");
        assertError(api.get("/api/v1/stores/00000000-0000-0000-0000-000000000000/revisions"), 404, "NOT_FOUND");

        assertThat(fixture.store(id).get("status").asText()).isEqualTo("READY");
        assertThat(fixture.store(id).get("generation").asLong()).isEqualTo(1);
        assertThat(revisions(id)).hasSize(1);
        assertThat(Outbox.commands(fixture.db, id)).hasSize(1);
    }

    @Test
    void twoPatchesAtOnceBothWinInOrderTheSecondSupersedingTheFirst() throws Exception {
        String id = fixture.readyStore("patch-race").get("id").asText();
        List<String> bodies = List.of("{\"version\":\"6.5\"}", "{\"plan\":\"medium\"}");
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RunningApi.Response>> results = new ArrayList<>();
        for (String body : bodies) {
            results.add(pool.submit(() -> {
                go.await();
                return patch(id, body);
            }));
        }
        go.countDown();
        for (Future<RunningApi.Response> result : results) {
            assertThat(result.get().status()).as(result.get().toString()).isEqualTo(202);
        }
        pool.shutdown();

        JsonNode store = fixture.store(id);
        assertThat(store.get("status").asText()).isEqualTo("UPDATING");
        assertThat(store.get("generation").asLong()).isEqualTo(3);
        JsonNode revisions = revisions(id);
        assertThat(revisions).hasSize(3);
        JsonNode last = revisions.get(0);
        assertThat(last.get("revision").asInt()).isEqualTo(3);
        assertThat(last.get("status").asText()).isEqualTo("PENDING");
        // Whichever came second built on the first: the store is heading for both changes.
        assertThat(last.get("version").asText()).isEqualTo("6.5");
        assertThat(last.get("plan").asText()).isEqualTo("medium");
        assertThat(last.get("reason").asText()).endsWith("; supersedes revision 2");
        assertThat(revisions.get(1).get("status").asText()).isEqualTo("SUPERSEDED");
        assertThat(revisions.get(2).get("status").asText()).isEqualTo("READY");

        List<StoreCommand> updates = Outbox.commands(fixture.db, id).stream()
                .filter(c -> c.type() == CommandType.UPDATE).toList();
        assertThat(updates).extracting(StoreCommand::generation).containsExactly(2L, 3L);
        assertThat(updates).extracting(StoreCommand::revision).containsExactly(2, 3);
        assertThat(updates).allSatisfy(update -> assertThat(update.fallback())
                .as("never the superseded revision").isEqualTo(new StoreCommand.Target(1, "small", "6.6")));

        // The first update's events are of generation 2: they change nothing any more.
        fixture.apply(id, 2, StoreEventType.READY, "first update done");
        assertThat(fixture.store(id).get("status").asText()).isEqualTo("UPDATING");
        assertThat(revisions(id).get(1).get("status").asText()).isEqualTo("SUPERSEDED");
    }

    @Test
    void aPatchRacingADeleteEitherLosesOrIsSupersededByIt() {
        String first = fixture.readyStore("delete-then-patch").get("id").asText();
        assertThat(api.delete("/api/v1/stores/" + first).status()).isEqualTo(202);
        assertError(patch(first, "{\"version\":\"6.5\"}"), 409, "INVALID_STATE_TRANSITION");
        assertThat(revisions(first)).hasSize(1);

        String second = fixture.readyStore("patch-then-delete").get("id").asText();
        assertThat(patch(second, "{\"version\":\"6.5\"}").status()).isEqualTo(202);
        RunningApi.Response deleted = api.delete("/api/v1/stores/" + second);
        assertThat(deleted.status()).isEqualTo(202);
        assertThat(deleted.json().get("status").asText()).isEqualTo("DELETING");
        assertThat(deleted.json().get("generation").asLong()).isEqualTo(3);
        assertThat(revisions(second).get(0).get("status").asText()).isEqualTo("SUPERSEDED");
        StoreCommand teardown = Outbox.last(fixture.db, second);
        assertThat(teardown.type()).isEqualTo(CommandType.TEARDOWN);
        assertThat(teardown.plan()).as("a teardown needs no plan").isNull();
        assertError(rollback(second, "{\"revision\":1}"), 409, "INVALID_STATE_TRANSITION");
    }

    @Test
    void aRollbackAppliesAnEarlierReadyRevisionAgain() {
        String id = fixture.readyStore("roll-me").get("id").asText();
        assertThat(patch(id, "{\"version\":\"6.5\",\"plan\":\"medium\"}").status()).isEqualTo(202);
        fixture.apply(id, 2, StoreEventType.READY, "updated");
        JsonNode updated = fixture.store(id);
        assertThat(updated.get("revision").asInt()).isEqualTo(2);
        assertThat(updated.get("version").asText()).isEqualTo("6.5");
        assertThat(updated.get("plan").asText()).isEqualTo("medium");

        assertError(rollback(id, "{\"revision\":2}"), 409, "ALREADY_AT_REVISION");
        assertError(rollback(id, "{\"revision\":7}"), 404, "REVISION_NOT_FOUND");
        assertError(rollback(id, "{\"revision\":\"1\"}"), 400, "VALIDATION_FAILED");
        assertError(rollback(id, "{\"revision\":1.5}"), 400, "VALIDATION_FAILED");
        assertError(rollback(id, "{\"revision\":0}"), 400, "VALIDATION_FAILED");
        assertError(rollback(id, "{}"), 400, "VALIDATION_FAILED");
        assertError(rollback(id, "[1]"), 400, "VALIDATION_FAILED");
        assertError(rollback(id, "{\"revision\":"), 400, "INVALID_JSON");
        assertError(rollback(id, ""), 400, "VALIDATION_FAILED");
        assertError(rollback("00000000-0000-0000-0000-000000000000", "{\"revision\":1}"), 404, "NOT_FOUND");

        RunningApi.Response response = rollback(id, "{\"revision\":1}");
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().get("status").asText()).isEqualTo("UPDATING");
        assertThat(response.json().get("generation").asLong()).isEqualTo(3);
        JsonNode revision = revisions(id).get(0);
        assertThat(revision.get("revision").asInt()).isEqualTo(3);
        assertThat(revision.get("version").asText()).isEqualTo("6.6");
        assertThat(revision.get("plan").asText()).isEqualTo("small");
        assertThat(revision.get("reason").asText()).isEqualTo("rollback to revision 1");
        StoreCommand command = Outbox.last(fixture.db, id);
        assertThat(command.type()).isEqualTo(CommandType.UPDATE);
        assertThat(command.revision()).isEqualTo(3);
        assertThat(command.version()).isEqualTo("6.6");
        assertThat(command.fallback()).isEqualTo(new StoreCommand.Target(2, "medium", "6.5"));
        assertThat(lastEvent(id).get("step").asText()).isEqualTo("rollback");
        assertThat(audit(id, "STORE_ROLLBACK_REQUESTED")).contains("rollback to revision 1", "fallback=2");

        assertError(rollback(id, "{\"revision\":1}"), 409, "INVALID_STATE_TRANSITION");
        // While the rollback runs, a PATCH may still supersede it.
        assertThat(patch(id, "{\"plan\":\"large\"}").status()).isEqualTo(202);
        assertThat(revisions(id).get(1).get("status").asText()).isEqualTo("SUPERSEDED");
        fixture.apply(id, 4, StoreEventType.READY, "large now");
        // Revision 3 never served: nothing to roll back to.
        assertError(rollback(id, "{\"revision\":3}"), 409, "REVISION_NOT_READY");
    }

    @Test
    void anUpdatingStoreCountsAgainstTheQuota() {
        try (ApiFixture small = ApiFixture.start(p -> p.put("api.max-live-stores", 1))) {
            String id = small.readyStore("only-one").get("id").asText();
            assertThat(small.api.patchJson("/api/v1/stores/" + id, "{\"version\":\"6.5\"}").status()).isEqualTo(202);
            assertError(small.api.postJson("/api/v1/stores", "{\"name\":\"one-more\",\"engine\":\"woocommerce\"}"), 429,
                    "QUOTA_EXCEEDED");
        }
    }

    private RunningApi.Response patch(String id, String body) {
        return api.patchJson("/api/v1/stores/" + id, body);
    }

    private RunningApi.Response rollback(String id, String body) {
        return api.postJson("/api/v1/stores/" + id + "/rollback", body);
    }

    private JsonNode revisions(String id) {
        RunningApi.Response response = api.get("/api/v1/stores/" + id + "/revisions");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items");
    }

    private JsonNode lastEvent(String id) {
        JsonNode items = api.get("/api/v1/stores/" + id + "/events").json().get("items");
        return items.get(items.size() - 1);
    }

    private String audit(String storeId, String action) {
        for (JsonNode entry : api.get("/api/v1/audit?limit=500").json().get("items")) {
            if (storeId.equals(entry.path("storeId").asText()) && action.equals(entry.get("action").asText())) {
                return entry.get("detail").asText();
            }
        }
        throw new AssertionError("no " + action + " audit entry for " + storeId);
    }
}
