package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.api.support.ApiFixtureTest;
import io.storeorchestrator.api.support.RunningApi;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.StoreEventType;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class StoreApiIT extends ApiFixtureTest {

    @Test
    void createAnswers202WithTheQueuedStoreAndItsLocation() {
        RunningApi.Response response = api.send("POST", "/api/v1/stores", "application/json",
                "{\"name\":\"my-shop\",\"engine\":\"WooCommerce\",\"extra\":[1,2]}",
                Map.of("X-Actor", "  alice@example.com\t", "X-Forwarded-For", "203.0.113.7, 10.0.0.1"));

        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        JsonNode store = response.json();
        String id = store.get("id").asText();
        assertThat(response.header("Location")).isEqualTo("/api/v1/stores/" + id);
        assertThat(store.get("name").asText()).isEqualTo("my-shop");
        assertThat(store.get("engine").asText()).isEqualTo("woocommerce");
        assertThat(store.get("status").asText()).isEqualTo("QUEUED");
        assertThat(store.get("generation").asLong()).isEqualTo(1);
        assertThat(store.get("plan").asText()).as("the catalog's default").isEqualTo("small");
        assertThat(store.get("version").asText()).as("the engine's default").isEqualTo("6.6");
        assertThat(store.get("revision").asInt()).isEqualTo(1);
        assertThat(store.get("url").asText()).isEqualTo("http://my-shop.localtest.me");
        assertThat(store.get("namespace").asText()).isEqualTo("store-" + id);
        assertThat(store.get("statusReason").isNull()).isTrue();
        assertThat(store.get("failure").isNull()).isTrue();
        assertThat(store.get("readyAt").isNull()).isTrue();
        assertThat(Instant.parse(store.get("createdAt").asText())).isEqualTo(Instant.parse(store.get("updatedAt").asText()));
        assertThat(store.toString()).doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("secret");

        assertThat(fixture.store(id)).isEqualTo(store);

        JsonNode events = api.get("/api/v1/stores/" + id + "/events").json().get("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("type").asText()).isEqualTo("ACCEPTED");
        assertThat(events.get(0).get("generation").asLong()).isEqualTo(1);
        assertThat(events.get(0).has("time")).isTrue();
        assertThat(events.get(0).has("step")).isTrue();
        assertThat(events.get(0).has("message")).isTrue();

        JsonNode audit = findAudit(id, "STORE_CREATED");
        // The credential names the actor; X-Actor only says who is behind it.
        assertThat(audit.get("actor").asText()).isEqualTo("key:bootstrap (alice@example.com)");
        assertThat(audit.get("sourceIp").asText()).isEqualTo("203.0.113.7");
        assertThat(audit.get("storeName").asText()).isEqualTo("my-shop");
    }

    @Test
    void invalidBodiesAreRefusedWithTheirCodes() {
        assertError(post("{\"engine\":\"woocommerce\"}"), 400, "VALIDATION_FAILED");
        assertError(post("{\"name\":\"shop-a\"}"), 400, "VALIDATION_FAILED");
        assertError(post("{\"name\":42,\"engine\":\"woocommerce\"}"), 400, "VALIDATION_FAILED");
        assertError(post("{\"name\":\"shop-b\",\"engine\":[\"woocommerce\"]}"), 400, "VALIDATION_FAILED");
        assertError(post("[]"), 400, "VALIDATION_FAILED");
        assertError(post("\"shop\""), 400, "VALIDATION_FAILED");
        assertError(post("null"), 400, "VALIDATION_FAILED");
        assertError(post(""), 400, "VALIDATION_FAILED");
        assertError(post("{\"name\":\"My_Shop\",\"engine\":\"woocommerce\"}"), 400, "INVALID_STORE_NAME");
        assertError(post("{\"name\":\"ab\",\"engine\":\"woocommerce\"}"), 400, "INVALID_STORE_NAME");
        assertError(post("{\"name\":\"" + "a".repeat(31) + "\",\"engine\":\"woocommerce\"}"), 400, "INVALID_STORE_NAME");
        assertError(post("{\"name\":\"admin\",\"engine\":\"woocommerce\"}"), 400, "INVALID_STORE_NAME");
        assertError(post("{\"name\":\"shop-\",\"engine\":\"woocommerce\"}"), 400, "INVALID_STORE_NAME");
        assertError(post("{\"name\":\"\",\"engine\":\"woocommerce\"}"), 400, "INVALID_STORE_NAME");
        RunningApi.Response engine = post("{\"name\":\"shop-c\",\"engine\":\"magento\"}");
        assertError(engine, 400, "INVALID_ENGINE");
        assertThat(engine.json().at("/error/message").asText()).contains("woocommerce");
        assertError(post("{\"name\":\"shop-d\",\"engine\":\"medusa\",\"version\":\"6.6\"}"), 400, "INVALID_VERSION");
        assertError(post("{\"name\":\"shop-d\",\"engine\":\"medusa\",\"plan\":\"xl\"}"), 400, "INVALID_PLAN");
        assertError(post("{\"name\":\"shop-d\",\"engine\":\"medusa\",\"plan\":3}"), 400, "VALIDATION_FAILED");
        assertError(post("{\"name\":\"shop-e\",\"engine\":"), 400, "INVALID_JSON");
        assertError(post("{name: shop}"), 400, "INVALID_JSON");
        assertError(post("{\"name\":\"shop-f\",\"engine\":\"woocommerce\"} trailing"), 400, "INVALID_JSON");
    }

    @Test
    void aLiveNameIsTakenUntilItsStoreIsDeleted() {
        String id = fixture.createStore("taken-name").get("id").asText();
        assertError(post("{\"name\":\"taken-name\",\"engine\":\"woocommerce\"}"), 409, "STORE_NAME_TAKEN");

        assertThat(api.delete("/api/v1/stores/" + id).status()).isEqualTo(202);
        assertError(post("{\"name\":\"taken-name\",\"engine\":\"woocommerce\"}"), 409, "STORE_NAME_TAKEN");
        fixture.apply(id, 2, StoreEventType.DELETED, "namespace gone");
        assertThat(fixture.store(id).get("status").asText()).isEqualTo("DELETED");

        JsonNode again = fixture.createStore("taken-name");
        assertThat(again.get("id").asText()).isNotEqualTo(id);
    }

    @Test
    void concurrentCreatesOfOneNameAcceptExactlyOne() throws Exception {
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Callable<Integer> call = () -> {
                go.await();
                return post("{\"name\":\"race-shop\",\"engine\":\"woocommerce\"}").status();
            };
            results.add(pool.submit(call));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        pool.shutdown();
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(callers - 1);
    }

    @Test
    void listingPagesNewestFirstWithAnOpaqueCursor() {
        for (int i = 0; i < 5; i++) {
            fixture.createStore("page-shop-" + i);
        }
        List<JsonNode> everything = new ArrayList<>();
        api.get("/api/v1/stores?limit=100").json().get("items").forEach(everything::add);
        assertThat(everything.size()).isGreaterThanOrEqualTo(5);

        List<JsonNode> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/api/v1/stores?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
            page.get("items").forEach(paged::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 100);

        assertThat(paged).isEqualTo(everything);
        Set<String> ids = new HashSet<>();
        paged.forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).hasSize(paged.size());
        for (int i = 1; i < paged.size(); i++) {
            Instant newer = Instant.parse(paged.get(i - 1).get("createdAt").asText());
            Instant older = Instant.parse(paged.get(i).get("createdAt").asText());
            assertThat(newer).isAfterOrEqualTo(older);
        }
        assertThat(api.get("/api/v1/stores").json().get("items").size()).isLessThanOrEqualTo(20);
    }

    @Test
    void deletedStoresAreListedOnlyWhenAskedFor() {
        String id = fixture.createStore("listed-then-gone").get("id").asText();
        api.delete("/api/v1/stores/" + id);
        fixture.apply(id, 2, StoreEventType.DELETED, "namespace gone");

        assertThat(ids(api.get("/api/v1/stores?limit=100").json())).doesNotContain(id);
        assertThat(ids(api.get("/api/v1/stores?status=DELETED&limit=100").json())).contains(id);
        assertThat(ids(api.get("/api/v1/stores?status=deleted").json())).contains(id);
        assertThat(api.get("/api/v1/stores?status=QUEUED&limit=100").json().get("items"))
                .allSatisfy(s -> assertThat(s.get("status").asText()).isEqualTo("QUEUED"));
    }

    @Test
    void badListingParametersAreValidationErrors() {
        for (String query : List.of("status=NOPE", "status=", "limit=0", "limit=101", "limit=abc", "limit=-1",
                "limit=99999999999999", "cursor=garbage", "cursor=%25%25", "cursor=" + "A".repeat(500),
                "cursor=MjAyNS0wMS0wMVQwMDowMDowMFp8bm90LWEtdXVpZA")) {
            RunningApi.Response response = api.get("/api/v1/stores?" + query);
            if (query.equals("status=")) {
                assertThat(response.status()).isEqualTo(200);
                continue;
            }
            assertError(response, 400, "VALIDATION_FAILED");
        }
        assertError(api.get("/api/v1/audit?limit=501"), 400, "VALIDATION_FAILED");
        assertError(api.get("/api/v1/audit?limit=x"), 400, "VALIDATION_FAILED");
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() {
        String unknown = UUID.randomUUID().toString();
        assertError(api.get("/api/v1/stores/" + unknown), 404, "NOT_FOUND");
        assertError(api.get("/api/v1/stores/" + unknown + "/events"), 404, "NOT_FOUND");
        assertError(api.delete("/api/v1/stores/" + unknown), 404, "NOT_FOUND");
        assertError(api.send("POST", "/api/v1/stores/" + unknown + "/retry", null, null, Map.of()), 404, "NOT_FOUND");
        assertError(api.get("/api/v1/stores/not-a-uuid"), 404, "NOT_FOUND");
        assertError(api.get("/api/v1/stores/" + "9".repeat(300)), 404, "NOT_FOUND");
        assertError(api.delete("/api/v1/stores/zzz"), 404, "NOT_FOUND");
    }

    @Test
    void deleteIsIdempotentWhileDeletingAndRefusedOnceDeleted() throws Exception {
        String id = fixture.createStore("delete-me").get("id").asText();

        RunningApi.Response first = api.delete("/api/v1/stores/" + id);
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().get("status").asText()).isEqualTo("DELETING");
        assertThat(first.json().get("generation").asLong()).isEqualTo(2);
        RunningApi.Response second = api.delete("/api/v1/stores/" + id);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().get("generation").asLong()).isEqualTo(2);
        assertThat(outboxTypes(id)).containsExactly("provision", "teardown");

        assertError(api.send("POST", "/api/v1/stores/" + id + "/retry", null, null, Map.of()), 409,
                "INVALID_STATE_TRANSITION");
        fixture.apply(id, 2, StoreEventType.DELETED, "namespace gone");
        assertError(api.delete("/api/v1/stores/" + id), 409, "INVALID_STATE_TRANSITION");
        assertThat(findAudit(id, "STORE_DELETE_REQUESTED").get("actor").asText()).isEqualTo("key:bootstrap");
    }

    @Test
    void retryIsAllowedFromFailedOnly() throws Exception {
        JsonNode created = fixture.createStore("retry-me");
        String id = created.get("id").asText();
        assertError(retry(id), 409, "INVALID_STATE_TRANSITION");

        fixture.apply(id, 1, StoreEventType.FAILED, "wordpress: CrashLoopBackOff");
        JsonNode failed = fixture.store(id);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        // A producer that sends no reason: the failure reads as "Failed".
        assertThat(failed.get("statusReason").asText()).isEqualTo("Failed: wordpress: CrashLoopBackOff (step test)");
        assertThat(failed.get("failure").get("reason").asText()).isEqualTo("Failed");
        assertThat(failed.get("failure").get("message").asText()).isEqualTo("wordpress: CrashLoopBackOff");
        assertThat(failed.get("failure").get("step").asText()).isEqualTo("test");

        RunningApi.Response retried = retry(id);
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.header("Location")).isEqualTo("/api/v1/stores/" + id);
        assertThat(retried.json().get("status").asText()).isEqualTo("QUEUED");
        assertThat(retried.json().get("generation").asLong()).isEqualTo(2);
        assertThat(retried.json().get("statusReason").isNull()).isTrue();
        assertThat(retried.json().get("failure").isNull()).as("a retry clears the failure").isTrue();
        assertThat(outboxTypes(id)).containsExactly("provision", "provision");
        assertError(retry(id), 409, "INVALID_STATE_TRANSITION");
        findAudit(id, "STORE_RETRY_REQUESTED");

        fixture.apply(id, 2, StoreEventType.STARTED, "picked up");
        fixture.apply(id, 2, StoreEventType.READY, "serving");
        assertThat(fixture.store(id).get("status").asText()).isEqualTo("READY");
        assertThat(fixture.store(id).get("readyAt").isNull()).isFalse();
        assertError(retry(id), 409, "INVALID_STATE_TRANSITION");
    }

    @Test
    void auditIsNewestFirstAndLimited() {
        fixture.createStore("audit-one");
        fixture.createStore("audit-two");
        JsonNode items = api.get("/api/v1/audit?limit=2").json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("storeName").asText()).isEqualTo("audit-two");
        assertThat(items.get(1).get("storeName").asText()).isEqualTo("audit-one");
        assertThat(Instant.parse(items.get(0).get("time").asText()))
                .isAfterOrEqualTo(Instant.parse(items.get(1).get("time").asText()));
    }

    @Test
    void theMetricsSummaryCountsStoresAndProvisioningTimes() {
        String ready = fixture.createStore("metrics-ready").get("id").asText();
        fixture.apply(ready, 1, StoreEventType.STARTED, "picked up");
        fixture.apply(ready, 1, StoreEventType.READY, "serving");
        String failed = fixture.createStore("metrics-failed").get("id").asText();
        fixture.apply(failed, 1, StoreEventType.FAILED, "mariadb: ImagePullBackOff");

        JsonNode summary = api.get("/api/v1/metrics").json();
        assertThat(summary.at("/storesByStatus/READY").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(summary.at("/storesByStatus/FAILED").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(summary.at("/storesByStatus").size()).isEqualTo(StoreStatus.values().length);
        assertThat(summary.get("liveStores").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(summary.at("/provisioning/count").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(summary.at("/provisioning/minSeconds").asDouble()).isGreaterThanOrEqualTo(0);
        List<String> failedNames = new ArrayList<>();
        summary.get("recentFailures").forEach(f -> failedNames.add(f.get("name").asText()));
        assertThat(failedNames).contains("metrics-failed");
    }

    @Test
    void theNameFilterIsACaseInsensitiveSubstringWithWildcardsTakenLiterally() {
        String plain = fixture.createStore("find-me-shop").get("id").asText();
        String other = fixture.createStore("find-other").get("id").asText();
        String underscoreLike = fixture.createStore("findxme-too").get("id").asText();

        assertThat(ids(api.get("/api/v1/stores?limit=100&name=ME-SH").json())).containsExactly(plain);
        assertThat(ids(api.get("/api/v1/stores?limit=100&name=find").json())).contains(plain, other, underscoreLike);
        // _ and % match themselves, not any character
        assertThat(ids(api.get("/api/v1/stores?limit=100&name=find_me").json())).isEmpty();
        assertThat(ids(api.get("/api/v1/stores?limit=100&name=find%25me").json())).isEmpty();
        assertThat(ids(api.get("/api/v1/stores?limit=100&name=%5C").json())).isEmpty();
        // combinable with status and paging
        assertThat(ids(api.get("/api/v1/stores?limit=100&status=QUEUED&name=find-me").json())).containsExactly(plain);
        assertThat(ids(api.get("/api/v1/stores?limit=100&status=READY&name=find-me").json())).isEmpty();
        JsonNode page = api.get("/api/v1/stores?limit=1&name=find").json();
        assertThat(page.get("items")).hasSize(1);
        JsonNode next = api.get("/api/v1/stores?limit=100&name=find&cursor=" + page.get("nextCursor").asText()).json();
        assertThat(ids(next)).doesNotContain(page.get("items").get(0).get("id").asText()).isNotEmpty();
        assertThat(api.get("/api/v1/stores?name=").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/stores?name=" + "a".repeat(63)).status()).isEqualTo(200);
        assertError(api.get("/api/v1/stores?name=" + "a".repeat(64)), 400, "VALIDATION_FAILED");
    }

    @Test
    void storesShowTheirTenant() {
        io.storeorchestrator.api.support.Tenants.Tenant tenant =
                io.storeorchestrator.api.support.Tenants.create(api, "view-tenant", 5);
        JsonNode owned = io.storeorchestrator.api.support.Tenants.createStore(api, tenant.key(), "tenant-view-shop");
        assertThat(owned.get("tenantId").asText()).isEqualTo(tenant.id());
        assertThat(fixture.store(owned.get("id").asText()).get("tenantId").asText()).isEqualTo(tenant.id());
        JsonNode admins = fixture.createStore("admin-view-shop");
        assertThat(admins.has("tenantId")).isTrue();
        assertThat(admins.get("tenantId").isNull()).isTrue();
    }

    @Test
    void theMetricsSummaryHasTimeToReadyPercentilesTheQueueAndBusyWorkers() throws Exception {
        String ready = fixture.readyStore("ttr-ready").get("id").asText();
        String busy = fixture.createStore("ttr-busy").get("id").asText();
        try (Connection c = fixture.db.connect(); Statement s = c.createStatement()) {
            // Made 90 s before it became READY; and a worker holds the other store's lease now, and an expired one.
            s.executeUpdate("UPDATE stores SET created_at = ready_at - interval '90 seconds' WHERE id = '" + ready + "'");
            s.executeUpdate("INSERT INTO store_leases (store_id, holder, acquired_at, expires_at) VALUES ('" + busy
                    + "', 'worker-1', now(), now() + interval '30 seconds'), ('" + ready
                    + "', 'worker-2', now() - interval '1 minute', now() - interval '1 second')");
        }
        JsonNode summary = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                // The queue depths are read in the background, at most every 5 s.
                .until(() -> api.get("/api/v1/metrics").json(), m -> m.at("/queue/commandsReady").asLong() >= 1);

        JsonNode lastHour = summary.at("/timeToReady/lastHour");
        assertThat(lastHour.get("count").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(lastHour.get("p95Seconds").asDouble()).isGreaterThanOrEqualTo(lastHour.get("p50Seconds").asDouble());
        assertThat(summary.at("/timeToReady/lastDay/count").asLong()).isGreaterThanOrEqualTo(lastHour.get("count").asLong());
        JsonNode hourly = summary.at("/timeToReady/hourly");
        assertThat(hourly).hasSize(24);
        List<Instant> starts = new ArrayList<>();
        hourly.forEach(h -> starts.add(Instant.parse(h.get("hourStart").asText())));
        assertThat(starts).isSorted();
        assertThat(starts.getLast()).isBeforeOrEqualTo(Instant.now()).isAfter(Instant.now().minusSeconds(3600));
        assertThat(hourly.get(23).get("count").asLong() + hourly.get(22).get("count").asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(hourly.get(0).get("count").asLong()).isZero();
        assertThat(hourly.get(0).get("p50Seconds").isNull()).isTrue();

        // Nothing consumes the commands queue here, so the commands the creates sent wait in it (awaited above).
        assertThat(summary.at("/queue/deadLettered").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(summary.at("/workers/busy").asLong()).isEqualTo(1);

        // A tenant's summary covers its own stores only.
        io.storeorchestrator.api.support.Tenants.Tenant tenant =
                io.storeorchestrator.api.support.Tenants.create(api, "metrics-scope", 5);
        JsonNode scoped = api.as(tenant.key(), "GET", "/api/v1/metrics", null).json();
        assertThat(scoped.at("/timeToReady/lastDay/count").asLong()).isZero();
        assertThat(scoped.at("/timeToReady/lastDay/p50Seconds").isNull()).isTrue();
        assertThat(scoped.at("/workers/busy").asLong()).isZero();
    }

    private RunningApi.Response post(String body) {
        return api.postJson("/api/v1/stores", body);
    }

    private RunningApi.Response retry(String id) {
        return api.send("POST", "/api/v1/stores/" + id + "/retry", null, null, Map.of());
    }

    private JsonNode findAudit(String storeId, String action) {
        for (JsonNode entry : api.get("/api/v1/audit?limit=500").json().get("items")) {
            if (storeId.equals(entry.path("storeId").asText()) && action.equals(entry.get("action").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no " + action + " audit entry for " + storeId);
    }

    private List<String> outboxTypes(String storeId) throws Exception {
        try (Connection c = fixture.db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT routing_key FROM outbox WHERE store_id = ? ORDER BY id")) {
            ps.setObject(1, UUID.fromString(storeId));
            List<String> keys = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            return keys;
        }
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    static void assertError(RunningApi.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.toString()).isEqualTo(code);
        assertThat(response.header("Content-Type")).startsWith("application/json");
    }
}
