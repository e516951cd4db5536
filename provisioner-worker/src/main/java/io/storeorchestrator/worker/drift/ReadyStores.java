package io.storeorchestrator.worker.drift;

import io.storeorchestrator.common.domain.Engine;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads READY stores for the drift checks: the ones due (no lease taken on them for a while, see
 * {@link io.storeorchestrator.worker.fencing.StoreLeases#acquireForCheck}), or one by id when a watch event touched it.
 * Read only; one pooled connection per statement.
 *
 * <p>The plan, version and revision a store serves are the API's {@code stores.plan}, {@code version} and
 * {@code revision} columns; a database from before they existed is read without them (catalog defaults, revision 1).
 */
@Singleton
public final class ReadyStores {

    private static final Logger LOG = LoggerFactory.getLogger(ReadyStores.class);
    private static final String UNDEFINED_COLUMN = "42703";
    private static final String UNDEFINED_TABLE = "42P01";
    // Custom domains (issue 11): the hosts of its verified domains, so drift checks build its domains Ingress too.
    private static final String COLUMNS = "s.id, s.name, s.engine, s.namespace, s.host, s.generation, "
            + "s.plan, s.version, s.revision, s.tenant_id, ARRAY(SELECT d.host FROM store_domains d "
            + "WHERE d.store_id = s.id AND d.state IN ('VERIFIED', 'ACTIVE') ORDER BY d.host)";
    private static final String COLUMNS_BEFORE_DOMAINS = "s.id, s.name, s.engine, s.namespace, s.host, s.generation, "
            + "s.plan, s.version, s.revision, s.tenant_id, ARRAY[]::text[]";
    private static final String COLUMNS_BEFORE_REVISIONS = "s.id, s.name, s.engine, s.namespace, s.host, s.generation, "
            + "NULL, NULL, NULL, NULL, ARRAY[]::text[]";
    // Random order: workers sweeping at the same moment start on different stores instead of queueing on the same.
    private static final String DUE = """
            SELECT %s FROM stores s LEFT JOIN store_leases l ON l.store_id = s.id
            WHERE s.status = 'READY'
              AND (l.store_id IS NULL OR (l.expires_at < now() AND l.acquired_at < now() - make_interval(secs => ?)))
            ORDER BY random() LIMIT ?""";
    private static final String BY_ID = "SELECT %s FROM stores s WHERE s.id = ? AND s.status = 'READY'";

    private final DataSource dataSource;
    private volatile String columns = COLUMNS;

    public ReadyStores(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param notWithin how long since a store's lease was last taken before it is due again
     * @throws SQLException when PostgreSQL cannot be asked
     */
    public List<ReadyStore> due(Duration notWithin, int limit) throws SQLException {
        return query(DUE, statement -> {
            statement.setDouble(1, notWithin.toMillis() / 1000.0);
            statement.setInt(2, limit);
        });
    }

    /** The store, if it is READY. */
    public Optional<ReadyStore> ready(UUID storeId) throws SQLException {
        return query(BY_ID, statement -> statement.setObject(1, storeId)).stream().findFirst();
    }

    /**
     * The catalog template the store was created from, for its re-provisioning; empty for none, and before the API's
     * migration adds the column. Read apart from the drift check's columns: the template is not part of what a READY
     * store is measured against.
     */
    public Optional<String> template(UUID storeId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT template FROM stores WHERE id = ?")) {
            statement.setObject(1, storeId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            if (UNDEFINED_COLUMN.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private List<ReadyStore> query(String sql, Binder binder) throws SQLException {
        try {
            return run(sql.formatted(columns), binder);
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState()) && columns.equals(COLUMNS)) {
                LOG.warn("store_domains does not exist yet ({}); drift checks build no custom domains until the API's "
                        + "migration adds it", e.getMessage());
                columns = COLUMNS_BEFORE_DOMAINS;
                return query(sql, binder);
            }
            if (!UNDEFINED_COLUMN.equals(e.getSQLState()) || columns.equals(COLUMNS_BEFORE_REVISIONS)) {
                throw e;
            }
            LOG.warn("stores has no plan/version/revision columns yet ({}); drift checks build every store from the "
                    + "catalog's defaults until the API's migration adds them", e.getMessage());
            columns = COLUMNS_BEFORE_REVISIONS;
            return run(sql.formatted(columns), binder);
        }
    }

    private List<ReadyStore> run(String sql, Binder binder) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            List<ReadyStore> stores = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Optional<Engine> engine = Engine.fromId(row.getString(3));
                    if (engine.isEmpty()) {
                        continue; // an engine this worker does not know: a newer release's store
                    }
                    Object revision = row.getObject(9);
                    stores.add(new ReadyStore(row.getObject(1, UUID.class), row.getString(2), engine.get(),
                            row.getString(4), row.getString(5), row.getLong(6), row.getString(7), row.getString(8),
                            revision == null ? null : revision instanceof Number number ? number.intValue()
                                    : Integer.valueOf(revision.toString().trim()),
                            row.getObject(10) == null ? null : row.getObject(10).toString(),
                            hosts(row.getArray(11))));
                }
            }
            return stores;
        }
    }

    private static List<String> hosts(java.sql.Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
