package io.storeorchestrator.common.database;

import io.storeorchestrator.common.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration V5 gives every existing store its plan, version and revision 1, and keeps the previous release's inserts
 * working during a rollout; the backfill for those documented in docs/operations.md (Upgrades) works.
 */
class RevisionsMigrationIT {

    /** The statement docs/operations.md tells operators to run after the rollout. */
    private static final String OPERATIONS_BACKFILL = """
            INSERT INTO store_revisions (store_id, revision, generation, version, plan, status, reason, created_at, ready_at)
            SELECT id, 1, generation, version, plan,
                   CASE WHEN ready_at IS NOT NULL THEN 'READY' WHEN status = 'FAILED' THEN 'FAILED'
                        WHEN status IN ('QUEUED', 'PROVISIONING') THEN 'PENDING' ELSE 'SUPERSEDED' END,
                   'create: version ' || version || ', plan ' || plan, created_at, ready_at
            FROM stores s WHERE s.revision = 1
              AND NOT EXISTS (SELECT 1 FROM store_revisions r WHERE r.store_id = s.id AND r.revision = 1)""";

    @Test
    void existingStoresGetTheirPlanVersionAndRevisionOne() throws SQLException {
        try (TestDatabase db = TestDatabase.createEmpty()) {
            flyway(db, "4").migrate();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                insert(s, "ready-shop", "woocommerce", "READY", "now()", null);
                insert(s, "failed-shop", "woocommerce", "FAILED", "NULL", "'CrashLoopBackOff: x (step wait-ready)'");
                insert(s, "busy-shop", "woocommerce", "PROVISIONING", "NULL", null);
                insert(s, "gone-shop", "woocommerce", "DELETED", "NULL", null);
                insert(s, "medusa-shop", "medusa", "READY", "now()", null);
            }
            flyway(db, "latest").migrate();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                assertThat(rows(s, "SELECT name, plan, version, revision FROM stores ORDER BY name")).containsExactly(
                        "busy-shop small 6.6 1", "failed-shop small 6.6 1", "gone-shop small 6.6 1",
                        "medusa-shop small 2.8 1", "ready-shop small 6.6 1");
                assertThat(rows(s, """
                        SELECT s.name, r.revision, r.status, r.reason, CASE WHEN r.ready_at IS NULL THEN '-' ELSE 'ready' END
                        FROM store_revisions r JOIN stores s ON s.id = r.store_id ORDER BY s.name""")).containsExactly(
                        "busy-shop 1 PENDING create: version 6.6, plan small -",
                        "failed-shop 1 FAILED CrashLoopBackOff: x (step wait-ready) -",
                        "gone-shop 1 SUPERSEDED create: version 6.6, plan small -",
                        "medusa-shop 1 READY create: version 2.8, plan small ready",
                        "ready-shop 1 READY create: version 6.6, plan small ready");

                s.execute("UPDATE stores SET status = 'UPDATING' WHERE name = 'ready-shop'");
                // A replica of the previous release inserting during the rollout: the defaults fill in.
                insert(s, "old-release", "woocommerce", "QUEUED", "NULL", null);
                assertThat(rows(s, "SELECT plan, version, revision FROM stores WHERE name = 'old-release'"))
                        .containsExactly("small 6.6 1");
                assertThat(s.executeUpdate(OPERATIONS_BACKFILL)).isEqualTo(1);
                assertThat(s.executeUpdate(OPERATIONS_BACKFILL)).as("run twice, adds nothing").isZero();
                assertThat(rows(s, """
                        SELECT r.status FROM store_revisions r JOIN stores s ON s.id = r.store_id
                        WHERE s.name = 'old-release'""")).containsExactly("PENDING");
            }
        }
    }

    private static void insert(Statement s, String name, String engine, String status, String readyAt,
                               String reason) throws SQLException {
        s.execute("INSERT INTO stores (id, name, engine, status, status_reason, namespace, host, generation, "
                + "created_at, updated_at, ready_at) VALUES (gen_random_uuid(), '" + name + "', '" + engine + "', '"
                + status + "', " + (reason == null ? "NULL" : reason) + ", 'ns', 'h', 1, now(), now(), " + readyAt
                + ")");
    }

    private static Flyway flyway(TestDatabase db, String target) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration").target(target).load();
    }

    /** Each row's columns joined by spaces. */
    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                }
                rows.add(String.join(" ", values));
            }
        }
        return rows;
    }
}
