package io.storeorchestrator.api.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.api.support.ApiFixture;
import io.storeorchestrator.api.support.Outbox;
import io.storeorchestrator.api.support.RunningApi;
import io.storeorchestrator.api.support.Tenants;
import io.storeorchestrator.api.support.TestDnsServer;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Custom domains through the API against the real PostgreSQL: validation, idempotency, DOMAIN_TAKEN decided by the
 * database under concurrency, the per-store limit, tenant scoping, the verifier loop through the production resolver
 * and a DNS server on loopback, the workers' DOMAIN_ACTIVE event, a verification that times out, and a deleted store
 * freeing its hosts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomDomainIT {

    private TestDnsServer dns;
    private ApiFixture fixture;
    private RunningApi api;

    @BeforeAll
    void start() {
        dns = TestDnsServer.start();
        fixture = ApiFixture.start(props -> {
            props.put("api.domains.dns-server", dns.address());
            props.put("api.domains.verify-poll", "100ms");
            props.put("api.domains.verify-interval", "100ms");
            props.put("api.domains.verify-max-interval", "200ms");
            props.put("api.domains.max-per-store", 3);
        });
        api = fixture.api;
    }

    @AfterAll
    void stop() {
        fixture.close();
        dns.close();
    }

    @Test
    void aDomainIsAddedOnceWithItsTxtRecordAndAskingAgainChangesNothing() {
        String id = fixture.createStore("dom-add").get("id").asText();
        RunningApi.Response added = add(id, "Shop.Example-Add.com.");
        assertThat(added.status()).as(added.toString()).isEqualTo(202);
        JsonNode domain = added.json();
        assertThat(domain.get("host").asText()).isEqualTo("shop.example-add.com");
        assertThat(domain.get("state").asText()).isEqualTo("PENDING_VERIFICATION");
        assertThat(domain.at("/txtRecord/name").asText()).isEqualTo("_store-orchestrator.shop.example-add.com");
        assertThat(domain.at("/txtRecord/type").asText()).isEqualTo("TXT");
        assertThat(domain.at("/txtRecord/value").asText()).matches("store-orchestrator-verification=[0-9a-f]{32}");

        RunningApi.Response again = add(id, "shop.example-add.com");
        assertThat(again.status()).as("the same store asking again").isEqualTo(200);
        assertThat(again.json().at("/txtRecord/value").asText()).isEqualTo(domain.at("/txtRecord/value").asText());

        JsonNode list = api.get("/api/v1/stores/" + id + "/domains").json().get("items");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("host").asText()).isEqualTo("shop.example-add.com");
        assertThat(timeline(id)).anyMatch(line -> line.startsWith("ACCEPTED domain: Custom domain shop.example-add.com "
                + "added: waiting for its TXT record at _store-orchestrator.shop.example-add.com"));
    }

    @Test
    void malformedHostsAndBodiesAre400() {
        String id = fixture.createStore("dom-bad").get("id").asText();
        for (String host : List.of("localhost", "*.example.com", "10.1.2.3", "bad_label.example.com",
                "dom-bad.localtest.me", "a".repeat(64) + ".example.com")) {
            RunningApi.Response refused = add(id, host);
            assertThat(refused.status()).as(host).isEqualTo(400);
            assertThat(refused.errorCode()).as(host).isEqualTo("INVALID_DOMAIN");
        }
        RunningApi.Response noHost = api.postJson("/api/v1/stores/" + id + "/domains", "{}");
        assertThat(noHost.errorCode()).isEqualTo("VALIDATION_FAILED");
        RunningApi.Response notJson = api.postJson("/api/v1/stores/" + id + "/domains", "{");
        assertThat(notJson.errorCode()).isEqualTo("INVALID_JSON");
        assertThat(add(UUID.randomUUID().toString(), "shop.example.com").status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/stores/" + id + "/domains/nothing.example.com").status()).isEqualTo(404);
    }

    @Test
    void aHostIsHeldByOneStoreOnlyEvenWhenStoresRaceForIt() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(fixture.createStore("dom-race-" + i).get("id").asText());
        }
        List<Callable<Integer>> racers = ids.stream().<Callable<Integer>>map(id -> () -> add(id,
                "race.example.com").status()).toList();
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> status : threads.invokeAll(racers)) {
                statuses.add(status.get());
            }
        }
        assertThat(statuses).containsOnly(202, 409).filteredOn(s -> s == 202).hasSize(1);
        String holder = ids.get(statuses.indexOf(202));
        String other = ids.get(statuses.indexOf(409));
        RunningApi.Response taken = add(other, "race.example.com");
        assertThat(taken.errorCode()).isEqualTo("DOMAIN_TAKEN");

        // Deleting the holder frees the host at once.
        assertThat(api.delete("/api/v1/stores/" + holder).status()).isEqualTo(202);
        assertThat(api.get("/api/v1/stores/" + holder + "/domains").json().get("items")).isEmpty();
        assertThat(add(other, "race.example.com").status()).isEqualTo(202);
        // And removing a domain frees it too.
        assertThat(api.delete("/api/v1/stores/" + other + "/domains/race.example.com").status()).isEqualTo(202);
        assertThat(add(ids.get(0).equals(holder) ? ids.get(1) : ids.get(0), "race.example.com").status())
                .isEqualTo(202);
    }

    @Test
    void aStoreHoldsAtMostTheLimitAndAStoreBeingDeletedGetsNone() {
        String id = fixture.createStore("dom-limit").get("id").asText();
        for (int i = 0; i < 3; i++) {
            assertThat(add(id, "l" + i + ".example-limit.com").status()).isEqualTo(202);
        }
        RunningApi.Response fourth = add(id, "l3.example-limit.com");
        assertThat(fourth.status()).isEqualTo(409);
        assertThat(fourth.errorCode()).isEqualTo("DOMAIN_LIMIT_REACHED");

        assertThat(api.delete("/api/v1/stores/" + id).status()).isEqualTo(202);
        RunningApi.Response deleting = add(id, "l0.example-limit.com");
        assertThat(deleting.status()).isEqualTo(409);
        assertThat(deleting.errorCode()).isEqualTo("INVALID_STATE_TRANSITION");
    }

    @Test
    void anotherTenantsStoreIsNotFound() {
        Tenants.Tenant tenant = Tenants.create(api, "dom-tenant", 5);
        String theirs = Tenants.createStore(api, tenant.key(), "dom-theirs").get("id").asText();
        Tenants.Tenant other = Tenants.create(api, "dom-other", 5);
        RunningApi.Response refused = api.as(other.key(), "POST", "/api/v1/stores/" + theirs + "/domains",
                "{\"host\":\"shop.example-tenant.com\"}");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(api.as(other.key(), "GET", "/api/v1/stores/" + theirs + "/domains", null).status()).isEqualTo(404);
        RunningApi.Response own = api.as(tenant.key(), "POST", "/api/v1/stores/" + theirs + "/domains",
                "{\"host\":\"shop.example-tenant.com\"}");
        assertThat(own.status()).isEqualTo(202);
    }

    @Test
    void aPublishedRecordVerifiesTheDomainAndTheWorkersEventMakesItActive() {
        JsonNode store = fixture.readyStore("dom-verify");
        String id = store.get("id").asText();
        JsonNode domain = add(id, "shop.example-verify.com").json();
        // A wrong value first: the domain stays pending and says what the record holds.
        dns.publishTxt(domain.at("/txtRecord/name").asText(), "store-orchestrator-verification=wrong");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(domain(id, "shop.example-verify.com")
                .get("reason").asText()).contains("says [store-orchestrator-verification=wrong]"));
        assertThat(domain(id, "shop.example-verify.com").get("state").asText()).isEqualTo("PENDING_VERIFICATION");

        dns.publishTxt(domain.at("/txtRecord/name").asText(), domain.at("/txtRecord/value").asText());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(domain(id, "shop.example-verify.com")
                .get("state").asText()).isEqualTo("VERIFIED"));
        StoreCommand serve = Outbox.last(fixture.db, id);
        assertThat(serve.type()).isEqualTo(CommandType.DOMAINS);
        assertThat(serve.generation()).isEqualTo(store.get("generation").asLong());
        assertThat(serve.plan()).isEqualTo(store.get("plan").asText());
        assertThat(timeline(id)).anyMatch(line -> line.startsWith("DOMAIN_VERIFIED domain-verification: Custom domain "
                + "shop.example-verify.com verified"));

        fixture.apply(StoreEvent.aboutDomain(UUID.fromString(id), 1, StoreEventType.DOMAIN_ACTIVE, StepName.DOMAINS,
                "shop.example-verify.com", "serving shop.example-verify.com", null));
        JsonNode active = domain(id, "shop.example-verify.com");
        assertThat(active.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(active.get("activeAt").isNull()).isFalse();
        assertThat(fixture.store(id).get("status").asText()).as("a domain never moves its store").isEqualTo("READY");

        // Removing a served domain asks the workers to take it off the Ingress.
        assertThat(api.delete("/api/v1/stores/" + id + "/domains/shop.example-verify.com").status()).isEqualTo(202);
        assertThat(Outbox.commands(fixture.db, id).stream().filter(c -> c.type() == CommandType.DOMAINS)).hasSize(2);
    }

    @Test
    void aRecordNeverPublishedFailsTheDomainAtItsDeadlineAndFreesTheHost() throws Exception {
        String id = fixture.createStore("dom-timeout").get("id").asText();
        add(id, "shop.example-timeout.com");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(domain(id, "shop.example-timeout.com")
                .get("reason").asText()).isEqualTo("no TXT record at _store-orchestrator.shop.example-timeout.com"));
        try (Connection c = fixture.db.connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE store_domains SET verify_deadline = now() WHERE host = 'shop.example-timeout.com'")) {
            ps.executeUpdate();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(domain(id, "shop.example-timeout.com")
                .get("state").asText()).isEqualTo("FAILED"));
        assertThat(domain(id, "shop.example-timeout.com").get("reason").asText())
                .startsWith("not verified within 48h (")
                .endsWith("looks): no TXT record at _store-orchestrator.shop.example-timeout.com");
        assertThat(timeline(id)).anyMatch(line -> line.startsWith("DOMAIN_FAILED domain-verification: Custom domain "
                + "shop.example-timeout.com failed"));

        String other = fixture.createStore("dom-timeout-2").get("id").asText();
        assertThat(add(other, "shop.example-timeout.com").status()).as("a FAILED domain holds nothing").isEqualTo(202);
        RunningApi.Response restarted = add(id, "shop.example-timeout.com");
        assertThat(restarted.errorCode()).as("asked again while another store holds it").isEqualTo("DOMAIN_TAKEN");
    }

    private RunningApi.Response add(String storeId, String host) {
        return api.postJson("/api/v1/stores/" + storeId + "/domains", "{\"host\":\"" + host + "\"}");
    }

    private JsonNode domain(String storeId, String host) {
        JsonNode items = api.get("/api/v1/stores/" + storeId + "/domains").json().get("items");
        return StreamSupport.stream(items.spliterator(), false).filter(d -> d.get("host").asText().equals(host))
                .findFirst().orElseThrow();
    }

    private List<String> timeline(String storeId) {
        JsonNode items = api.get("/api/v1/stores/" + storeId + "/events").json().get("items");
        return StreamSupport.stream(items.spliterator(), false)
                .map(e -> e.get("type").asText() + " " + e.get("step").asText() + ": " + e.get("message").asText())
                .toList();
    }
}
