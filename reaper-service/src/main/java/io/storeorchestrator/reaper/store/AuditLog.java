package io.storeorchestrator.reaper.store;

import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The reaper's own rows in the audit log, actor {@value #ACTOR}: the namespaces it deleted, and in a dry run what it
 * would have done. The only table it writes; store rows stay the API's. Each row carries a key naming the action and
 * its target, so a report every sweep repeats, or a new leader repeats, is recorded once (the unique index of V8);
 * the keys recorded lately are remembered, so repeating them costs no statement.
 */
@Singleton
public class AuditLog {

    public static final String ACTOR = "reaper";
    /** What a dry run would have done. */
    public static final String DRY_RUN = "REAPER_DRY_RUN";
    /** An orphaned namespace the reaper deleted. */
    public static final String NAMESPACE_DELETED = "NAMESPACE_DELETED";

    private static final int REMEMBERED = 20_000;
    private static final String INSERT = """
            INSERT INTO audit_log (store_id, store_name, action, actor, detail, occurred_at, tenant_id, dedupe_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING""";

    /**
     * @param storeId   the store it is about; null for a namespace no store owns
     * @param storeName its name, if known
     * @param tenantId  its tenant, so the tenant reads the row too
     * @param dedupeKey the action and its target: recorded once
     */
    public record Entry(String action, UUID storeId, String storeName, UUID tenantId, String detail,
                        String dedupeKey) {
    }

    private final DataSource dataSource;
    private final Set<String> recorded = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            }));

    public AuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records the entry unless it was already; a database failure is thrown (the sweep is retried). */
    public void record(Entry entry, Instant at) {
        if (recorded.contains(entry.dedupeKey())) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(INSERT)) {
            statement.setObject(1, entry.storeId());
            statement.setString(2, entry.storeName());
            statement.setString(3, entry.action());
            statement.setString(4, ACTOR);
            statement.setString(5, entry.detail());
            statement.setTimestamp(6, Timestamp.from(at));
            statement.setObject(7, entry.tenantId());
            statement.setString(8, entry.dedupeKey());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreReader.StoreReadException("writing the audit log: " + e.getMessage(), e);
        }
        recorded.add(entry.dedupeKey());
    }
}
