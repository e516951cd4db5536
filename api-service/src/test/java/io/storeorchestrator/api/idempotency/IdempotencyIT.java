package io.storeorchestrator.api.idempotency;

import io.storeorchestrator.api.support.ApiFixtureTest;
import io.storeorchestrator.api.support.RunningApi;
import io.storeorchestrator.api.support.Tenants;
import io.storeorchestrator.api.support.Tenants.Tenant;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Idempotency-Key on POSTs against the real PostgreSQL. */
class IdempotencyIT extends ApiFixtureTest {

    @Test
    void theSameKeyAndBodyReplayTheFirstAnswerAndCreateNothingMore() throws Exception {
        String body = "{\"name\":\"once-only\",\"engine\":\"woocommerce\"}";
        RunningApi.Response first = create("k-1", body, Map.of());
        RunningApi.Response again = create("k-1", body, Map.of());
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(count("SELECT count(*) FROM stores WHERE name = 'once-only'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM outbox o JOIN stores s ON s.id = o.store_id WHERE s.name = 'once-only'"))
                .isEqualTo(1);

        RunningApi.Response other = create("k-1", "{\"name\":\"other-shop\",\"engine\":\"woocommerce\"}", Map.of());
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.errorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(count("SELECT count(*) FROM stores WHERE name = 'other-shop'")).isZero();
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOneStore() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<RunningApi.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(pool.submit((Callable<RunningApi.Response>) () ->
                    create("race-key", "{\"name\":\"raced-shop\",\"engine\":\"woocommerce\"}", Map.of())));
        }
        Set<String> ids = new HashSet<>();
        for (Future<RunningApi.Response> answer : answers) {
            RunningApi.Response response = answer.get();
            assertThat(response.status()).as(response.toString()).isEqualTo(202);
            ids.add(response.json().get("id").asText());
        }
        pool.shutdown();
        assertThat(ids).hasSize(1);
        assertThat(count("SELECT count(*) FROM stores WHERE name = 'raced-shop'")).isEqualTo(1);
    }

    @Test
    void keysArePerTenant() throws Exception {
        Tenant one = Tenants.create(api, "idem-one", 5);
        Tenant two = Tenants.create(api, "idem-two", 5);
        RunningApi.Response a = create("shared-key", "{\"name\":\"tenant-one-shop\",\"engine\":\"woocommerce\"}",
                Map.of("Authorization", "Bearer " + one.key()));
        RunningApi.Response b = create("shared-key", "{\"name\":\"tenant-two-shop\",\"engine\":\"woocommerce\"}",
                Map.of("Authorization", "Bearer " + two.key()));
        assertThat(a.status()).isEqualTo(202);
        assertThat(b.status()).as("no collision with the other tenant's key").isEqualTo(202);
        assertThat(b.json().get("id")).isNotEqualTo(a.json().get("id"));
        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE key = 'shared-key'")).isEqualTo(2);
    }

    @Test
    void errorsAreNotRecordedAndExpiredKeysAreFree() throws Exception {
        fixture.createStore("taken-name");
        RunningApi.Response taken = create("k-err", "{\"name\":\"taken-name\",\"engine\":\"woocommerce\"}", Map.of());
        assertThat(taken.errorCode()).isEqualTo("STORE_NAME_TAKEN");
        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE key = 'k-err'")).as("rolled back").isZero();
        assertThat(create("k-err", "{\"name\":\"free-name\",\"engine\":\"woocommerce\"}", Map.of()).status())
                .isEqualTo(202);

        execute("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'k-err'");
        assertThat(create("k-err", "{\"name\":\"later-name\",\"engine\":\"woocommerce\"}", Map.of()).status())
                .as("a day later the key is new again").isEqualTo(202);

        assertThat(create("k".repeat(256), "{}", Map.of()).errorCode()).isEqualTo("VALIDATION_FAILED");
        RunningApi.Response keyed = api.send("POST", "/api/v1/tenants/" + Tenants.create(api, "idem-keys", 1).id()
                + "/keys", null, null, Map.of("Idempotency-Key", "new-key"));
        assertThat(keyed.errorCode()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void retriesAndTenantCreatesAreIdempotentToo() throws Exception {
        RunningApi.Response tenant = api.send("POST", "/api/v1/tenants", "application/json",
                "{\"name\":\"idem-tenant\",\"maxStores\":1}", Map.of("Idempotency-Key", "t-1"));
        RunningApi.Response replay = api.send("POST", "/api/v1/tenants", "application/json",
                "{\"name\":\"idem-tenant\",\"maxStores\":1}", Map.of("Idempotency-Key", "t-1"));
        assertThat(tenant.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json()).isEqualTo(tenant.json());
        assertThat(count("SELECT count(*) FROM tenants WHERE name = 'idem-tenant'")).isEqualTo(1);
    }

    private RunningApi.Response create(String key, String body, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Idempotency-Key", key);
        return api.send("POST", "/api/v1/stores", "application/json", body, all);
    }

    private long count(String sql) throws Exception {
        try (Connection c = fixture.db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = fixture.db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
