package io.storeorchestrator.common.database;

import io.storeorchestrator.common.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** Migration V3 counts the stores that are already live into the quota's shards. */
class LiveStoreShardsMigrationIT {

    @Test
    void existingLiveStoresAreCountedAndDeletedOnesAreNot() throws SQLException {
        try (TestDatabase db = TestDatabase.createEmpty()) {
            flyway(db, "2").migrate();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                for (int i = 0; i < 40; i++) {
                    String status = i % 4 == 0 ? "DELETED" : i % 4 == 1 ? "READY" : "PROVISIONING";
                    s.execute("INSERT INTO stores (id, name, engine, status, namespace, host, generation, created_at, "
                            + "updated_at) VALUES (gen_random_uuid(), 'shop-" + i + "', 'woocommerce', '" + status
                            + "', 'ns', 'h', 1, now(), now())");
                }
            }
            flyway(db, "latest").migrate();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                assertThat(single(s, "SELECT count(*) FROM live_store_shards")).isEqualTo(16);
                assertThat(single(s, "SELECT sum(live) FROM live_store_shards")).isEqualTo(30);
                assertThat(single(s, "SELECT count(*) FROM stores WHERE status <> 'DELETED' AND quota_shard IS NULL"))
                        .isZero();
                assertThat(single(s, "SELECT count(*) FROM stores WHERE status = 'DELETED' AND quota_shard IS NOT NULL"))
                        .isZero();
            }
        }
    }

    private static Flyway flyway(TestDatabase db, String target) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration").target(target).load();
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
