package io.storeorchestrator.api.http;

import io.storeorchestrator.api.store.StoreWrites;
import io.storeorchestrator.api.support.ApiFixture;
import io.storeorchestrator.common.messaging.StoreEventType;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.storeorchestrator.api.http.StoreApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

class QuotaIT {

    @Test
    void concurrentCreatesNeverExceedTheQuotaAndDeletedStoresFreeIt() throws Exception {
        try (ApiFixture fixture = ApiFixture.start(p -> p.put("api.max-live-stores", 3))) {
            int callers = 10;
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String body = "{\"name\":\"quota-" + i + "\",\"engine\":\"woocommerce\"}";
                results.add(pool.submit(() -> {
                    go.await();
                    return fixture.api.postJson("/api/v1/stores", body).status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            pool.shutdown();
            assertThat(statuses).filteredOn(s -> s == 202).hasSize(3);
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(callers - 3);
            assertError(fixture.api.postJson("/api/v1/stores", "{\"name\":\"one-more\",\"engine\":\"woocommerce\"}"),
                    429, "QUOTA_EXCEEDED");

            // A store being deleted still holds its place; a deleted one frees it.
            String id = fixture.api.get("/api/v1/stores").json().get("items").get(0).get("id").asText();
            assertThat(fixture.api.delete("/api/v1/stores/" + id).status()).isEqualTo(202);
            assertError(fixture.api.postJson("/api/v1/stores", "{\"name\":\"one-more\",\"engine\":\"woocommerce\"}"),
                    429, "QUOTA_EXCEEDED");
            assertThat(countedLive(fixture)).isEqualTo(3);
            fixture.apply(id, 2, StoreEventType.DELETED, "namespace gone");
            assertThat(countedLive(fixture)).isEqualTo(2);
            fixture.createStore("one-more");
            assertThat(countedLive(fixture)).isEqualTo(3);
        }
    }

    @Test
    void aQuotaLargerThanTheShardsSpreadsOverAllOfThem() throws Exception {
        int quota = 2 * StoreWrites.QUOTA_SHARDS + 3;
        try (ApiFixture fixture = ApiFixture.start(p -> p.put("api.max-live-stores", quota))) {
            for (int i = 0; i < quota; i++) {
                fixture.createStore("spread-" + i);
            }
            assertError(fixture.api.postJson("/api/v1/stores", "{\"name\":\"one-too-many\",\"engine\":\"woocommerce\"}"),
                    429, "QUOTA_EXCEEDED");
            try (Connection c = fixture.db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), min(live), max(live) FROM live_store_shards")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the migration made as many shards as the API counts in")
                        .isEqualTo(StoreWrites.QUOTA_SHARDS);
                assertThat(rs.getLong(2)).isEqualTo(2);
                assertThat(rs.getLong(3)).isEqualTo(3);
            }
        }
    }

    private static long countedLive(ApiFixture fixture) throws SQLException {
        try (Connection c = fixture.db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sum(live) FROM live_store_shards")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
