package io.storeorchestrator.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.api.events.EventApplier.Outcome;
import io.storeorchestrator.api.support.ApiFixtureTest;
import io.storeorchestrator.api.support.Outbox;
import io.storeorchestrator.api.support.RunningApi;
import io.storeorchestrator.api.support.Tenants;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expiry through the API (ttl and expiresAt on POST and PATCH, the tenant's default) and the reaper's requests as the
 * API applies them: a deletion with the reaper as the actor and its teardown, and a purge that keeps the audit log.
 */
class StoreExpiryIT extends ApiFixtureTest {

    @Test
    void aTtlOnCreateSetsExpiresAtAndAnExpiryOnlyPatchChangesNothingElse() {
        RunningApi.Response created = api.postJson("/api/v1/stores",
                "{\"name\":\"ttl-shop\",\"engine\":\"woocommerce\",\"ttl\":\"72h\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        String id = created.json().get("id").asText();
        Instant expiresAt = Instant.parse(created.json().get("expiresAt").asText());
        assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofHours(71), Duration.ofHours(72));
        fixture.apply(id, 1, StoreEventType.STARTED, "picked up");
        fixture.apply(id, 1, StoreEventType.READY, "serving");
        int commands = Outbox.commands(fixture.db, id).size();

        RunningApi.Response extended = api.patchJson("/api/v1/stores/" + id, "{\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
        assertThat(extended.status()).as("beyond 365 days").isEqualTo(400);
        assertThat(extended.errorCode()).isEqualTo("INVALID_EXPIRY");
        extended = api.patchJson("/api/v1/stores/" + id, "{\"ttl\":\"200h\"}");
        assertThat(extended.status()).as(extended.toString()).isEqualTo(200);
        JsonNode store = extended.json();
        assertThat(store.get("status").asText()).as("no update started").isEqualTo("READY");
        assertThat(store.get("generation").asLong()).isEqualTo(1);
        assertThat(Instant.parse(store.get("expiresAt").asText())).isAfter(expiresAt);
        assertThat(Outbox.commands(fixture.db, id)).as("no command").hasSize(commands);
        assertThat(api.get("/api/v1/stores/" + id + "/revisions").json().get("items")).hasSize(1);

        RunningApi.Response cleared = api.patchJson("/api/v1/stores/" + id, "{\"expiresAt\":null}");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().get("expiresAt").isNull()).isTrue();
        assertThat(timeline(id)).contains("expiry: Expiry changed: no expiry");
        assertThat(audit(id)).contains("STORE_EXPIRY_CHANGED");
    }

    @Test
    void bothFieldsAreRefusedAndAPatchMayUpdateAndSetTheExpiryAtOnce() {
        RunningApi.Response both = api.postJson("/api/v1/stores", "{\"name\":\"both\",\"engine\":\"woocommerce\","
                + "\"ttl\":\"1h\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.errorCode()).isEqualTo("INVALID_EXPIRY");
        String id = fixture.readyStore("patch-both").get("id").asText();
        RunningApi.Response patched = api.patchJson("/api/v1/stores/" + id, "{\"plan\":\"medium\",\"ttl\":\"5h\"}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(202);
        assertThat(patched.json().get("status").asText()).isEqualTo("UPDATING");
        assertThat(patched.json().get("expiresAt").isNull()).isFalse();
    }

    @Test
    void aTenantsDefaultTtlAppliesToItsStoresUnlessTheyAskOtherwise() {
        Tenants.Tenant team = Tenants.create(api, "{\"name\":\"ttl-team\",\"maxStores\":5,\"defaultTtl\":\"24h\"}");
        assertThat(api.get("/api/v1/tenants/" + team.id()).json().get("defaultTtl").asText()).isEqualTo("24h");
        JsonNode defaulted = Tenants.createStore(api, team.key(), "team-shop");
        assertThat(Duration.between(Instant.now(), Instant.parse(defaulted.get("expiresAt").asText())))
                .isBetween(Duration.ofHours(23), Duration.ofHours(24));
        RunningApi.Response never = api.as(team.key(), "POST", "/api/v1/stores",
                "{\"name\":\"team-forever\",\"engine\":\"woocommerce\",\"ttl\":null}");
        assertThat(never.json().get("expiresAt").isNull()).isTrue();
        assertThat(fixture.createStore("admin-shop").get("expiresAt").isNull()).as("no installation default").isTrue();
        RunningApi.Response bad = api.postJson("/api/v1/tenants", "{\"name\":\"bad-ttl\",\"maxStores\":1,"
                + "\"defaultTtl\":\"1s\"}");
        assertThat(bad.errorCode()).isEqualTo("INVALID_EXPIRY");
    }

    @Test
    void anExpiredStoresDeletionRequestDeletesItWithTheReaperAsActor() {
        String id = fixture.readyStore("expired-shop").get("id").asText();
        UUID store = UUID.fromString(id);
        assertThat(fixture.apply(request(store, 1, StoreEventType.DELETE_REQUESTED, StepName.EXPIRY)))
                .as("no expiry: refused, recorded").containsExactly(Outcome.RECORDED);
        // An expiry in the past is refused by the API; the database can hold one, as time passes.
        setExpiry(id, Instant.now().minusSeconds(5));
        assertThat(fixture.apply(request(store, 1, StoreEventType.EXPIRING, StepName.EXPIRY)))
                .containsExactly(Outcome.STORE_CHANGED);
        assertThat(fixture.apply(request(store, 1, StoreEventType.DELETE_REQUESTED, StepName.EXPIRY)))
                .containsExactly(Outcome.STATUS_CHANGED);
        JsonNode deleting = fixture.store(id);
        assertThat(deleting.get("status").asText()).isEqualTo("DELETING");
        assertThat(deleting.get("generation").asLong()).isEqualTo(2);
        StoreCommand teardown = Outbox.last(fixture.db, id);
        assertThat(teardown.type()).isEqualTo(CommandType.TEARDOWN);
        assertThat(teardown.generation()).isEqualTo(2);
        assertThat(actors(id, "STORE_DELETE_REQUESTED")).containsExactly("reaper");
        assertThat(timeline(id)).anyMatch(line -> line.startsWith("expiry: ") && line.contains("deleted by"));
        assertThat(fixture.apply(request(store, 1, StoreEventType.DELETE_REQUESTED, StepName.EXPIRY)))
                .as("again, from another leader").containsExactly(Outcome.RECORDED);
    }

    @Test
    void aPurgeRemovesADeletedStoresRowsAndKeepsItsAuditRows() {
        String id = fixture.readyStore("purged-shop").get("id").asText();
        UUID store = UUID.fromString(id);
        assertThat(fixture.apply(request(store, 1, StoreEventType.PURGE_REQUESTED, StepName.DELETED_RETENTION)))
                .as("not DELETED").containsExactly(Outcome.RECORDED);
        assertThat(api.delete("/api/v1/stores/" + id).status()).isEqualTo(202);
        fixture.apply(id, 2, StoreEventType.DELETED, "namespace gone");
        StoreEvent purge = request(store, 2, StoreEventType.PURGE_REQUESTED, StepName.DELETED_RETENTION);
        StoreEvent other = request(UUID.fromString(fixture.readyStore("kept-shop").get("id").asText()), 1,
                StoreEventType.WARNING, StepName.DRIFT);
        assertThat(fixture.apply(other, purge)).containsExactly(Outcome.RECORDED, Outcome.STATUS_CHANGED);
        assertThat(api.get("/api/v1/stores/" + id).status()).isEqualTo(404);
        assertThat(actors(id, "STORE_PURGED")).containsExactly("reaper");
        assertThat(actors(id, "STORE_CREATED")).as("the audit log keeps its rows").hasSize(1);
        assertThat(fixture.apply(purge)).as("a redelivery").containsExactly(Outcome.DUPLICATE);
    }

    private void setExpiry(String id, Instant at) {
        try (var c = fixture.db.connect(); var s = c.prepareStatement("UPDATE stores SET expires_at = ? WHERE id = ?")) {
            s.setTimestamp(1, java.sql.Timestamp.from(at));
            s.setObject(2, UUID.fromString(id));
            s.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StoreEvent request(UUID store, long generation, StoreEventType type, StepName step) {
        return new StoreEvent(UUID.randomUUID(), store, generation, type, step.id(), "deleted by the reaper",
                Instant.now(), null, null);
    }

    private List<String> timeline(String id) {
        List<String> lines = new ArrayList<>();
        api.get("/api/v1/stores/" + id + "/events").json().get("items")
                .forEach(e -> lines.add(e.get("step").asText() + ": " + e.get("message").asText()));
        return lines;
    }

    private List<String> audit(String id) {
        List<String> actions = new ArrayList<>();
        api.get("/api/v1/audit?limit=500").json().get("items").forEach(e -> {
            if (id.equals(e.path("storeId").asText())) {
                actions.add(e.get("action").asText());
            }
        });
        return actions;
    }

    private List<String> actors(String id, String action) {
        List<String> actors = new ArrayList<>();
        api.get("/api/v1/audit?limit=500").json().get("items").forEach(e -> {
            if (id.equals(e.path("storeId").asText()) && action.equals(e.get("action").asText())) {
                actors.add(e.get("actor").asText());
            }
        });
        return actors;
    }
}
