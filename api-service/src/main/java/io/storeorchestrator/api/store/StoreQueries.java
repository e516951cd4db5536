package io.storeorchestrator.api.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.storeorchestrator.api.tenant.TenantScope;
import io.storeorchestrator.common.domain.StoreStatus;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only store queries, each within a {@link TenantScope} (the caller's stores, or all of them). Listing is keyset pagination over stores, newest first, on (created_at, id) — stable while stores are being created, and
 * served by the {@code stores_listing} / {@code stores_status_listing} indexes.
 */
@Singleton
@ReadOnly
public class StoreQueries {

    /** One page and, when more stores follow, the cursor of the next one. */
    public record Page(List<StoreRow> stores, @Nullable StoreCursor next) {
    }

    private final JdbcOperations jdbc;

    public StoreQueries(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    public Page page(TenantScope scope, @Nullable StoreStatus status, @Nullable StoreCursor after, int limit) {
        return page(scope, status, null, after, limit);
    }

    /**
     * @param status only stores in this status; null lists every live store (DELETED ones only when asked for)
     * @param name   only stores whose name contains this, in any case ({@code %} and {@code _} match themselves)
     * @param after  the cursor of the previous page, or null for the first page
     */
    public Page page(TenantScope scope, @Nullable StoreStatus status, @Nullable String name,
                     @Nullable StoreCursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM stores WHERE ").append(scope.where("tenant_id"));
        sql.append(status == null ? " AND status <> 'DELETED'" : " AND status = ?");
        if (name != null) {
            sql.append(" AND name ILIKE ? ESCAPE '\\'");
        }
        if (after != null) {
            sql.append(" AND (created_at, id) < (?, ?)");
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        List<StoreRow> rows = jdbc.prepareStatement(sql.toString(), ps -> {
            int i = scope.bind(ps, 1);
            if (status != null) {
                ps.setString(i++, status.name());
            }
            if (name != null) {
                ps.setString(i++, "%" + likeEscaped(name) + "%");
            }
            if (after != null) {
                ps.setObject(i++, OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC));
                ps.setObject(i++, after.id());
            }
            // One more than asked tells whether another page follows without a count query.
            ps.setInt(i, limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                return jdbc.entityStream(rs, StoreRow.class).toList();
            }
        });
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<StoreRow> page = rows.subList(0, limit);
        StoreRow last = page.get(limit - 1);
        return new Page(List.copyOf(page), new StoreCursor(last.createdAt(), last.id()));
    }

    /** {@code text} as a LIKE pattern that matches exactly it: the escape character and the wildcards escaped. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Provisioning durations (created to ready) over every store that became ready; null averages when none did. */
    public record ProvisioningStats(long count, @Nullable Double avgSeconds, @Nullable Double minSeconds,
                                    @Nullable Double maxSeconds) {
    }

    public ProvisioningStats provisioningStats(TenantScope scope) {
        String sql = """
                SELECT count(*), avg(d), min(d), max(d)
                FROM (SELECT extract(epoch FROM ready_at - created_at)::float8 AS d FROM stores
                      WHERE ready_at IS NOT NULL AND $SCOPE) t""".replace("$SCOPE", scope.where("tenant_id"));
        return jdbc.prepareStatement(sql, ps -> {
            scope.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new ProvisioningStats(rs.getLong(1), rs.getObject(2, Double.class), rs.getObject(3, Double.class),
                        rs.getObject(4, Double.class));
            }
        });
    }

    /** The most recently failed stores that are still FAILED, newest first. */
    public List<StoreRow> recentFailures(TenantScope scope, int limit) {
        String sql = "SELECT * FROM stores WHERE status = 'FAILED' AND " + scope.where("tenant_id")
                + " ORDER BY updated_at DESC LIMIT ?";
        return jdbc.prepareStatement(sql, ps -> {
            ps.setInt(scope.bind(ps, 1), limit);
            try (ResultSet rs = ps.executeQuery()) {
                return jdbc.entityStream(rs, StoreRow.class).toList();
            }
        });
    }

    /** How many stores are in each status (for the metrics: all of them). */
    public Map<StoreStatus, Long> countByStatus() {
        return countByStatus(TenantScope.ALL);
    }

    public Map<StoreStatus, Long> countByStatus(TenantScope scope) {
        String sql = "SELECT status, count(*) FROM stores WHERE " + scope.where("tenant_id") + " GROUP BY status";
        return jdbc.prepareStatement(sql, ps -> {
            scope.bind(ps, 1);
            Map<StoreStatus, Long> counts = new EnumMap<>(StoreStatus.class);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(StoreStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }
}
