package io.storeorchestrator.api.metrics;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.ReadOnly;
import io.storeorchestrator.api.tenant.TenantScope;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's figures that {@code GET /api/v1/metrics} adds to the store counts, each within a {@link TenantScope}:
 * time to ready (created → first READY) percentiles over the stores that became READY in the last hour, the last day
 * and each of the last 24 hours, and the stores whose lease a worker holds now.
 */
@Singleton
@ReadOnly
public class SummaryQueries {

    /** Stores that became READY in a window, and the median and 95th percentile of their time to ready. */
    public record Percentiles(long count, @Nullable Double p50Seconds, @Nullable Double p95Seconds) {
    }

    /** One hour of {@link #hourly}: from {@code hourStart}, for an hour. */
    public record Hour(Instant hourStart, long count, @Nullable Double p50Seconds, @Nullable Double p95Seconds) {
    }

    public record Windows(Percentiles lastHour, Percentiles lastDay) {
    }

    static final int HOURS = 24;

    private final JdbcOperations jdbc;

    public SummaryQueries(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** The last hour and the last 24 hours, in one statement over the {@code stores_ready_at} index. */
    public Windows timeToReady(TenantScope scope) {
        String sql = """
                SELECT count(*) FILTER (WHERE ready_at > now() - interval '1 hour'),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY d) FILTER (WHERE ready_at > now() - interval '1 hour'),
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY d) FILTER (WHERE ready_at > now() - interval '1 hour'),
                       count(*),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY d),
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY d)
                FROM (SELECT ready_at, extract(epoch FROM ready_at - created_at)::float8 AS d FROM stores
                      WHERE ready_at > now() - interval '1 day' AND $SCOPE) t""".replace("$SCOPE", scope.where("tenant_id"));
        return jdbc.prepareStatement(sql, ps -> {
            scope.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Windows(percentiles(rs, 1), percentiles(rs, 4));
            }
        });
    }

    /**
     * The last {@value #HOURS} clock hours (UTC), oldest first, the current one included (it is still filling):
     * every hour is there, with a count of 0 and null percentiles when no store became READY in it.
     */
    public List<Hour> hourly(TenantScope scope) {
        String sql = """
                SELECT h.hour_start, count(t.d),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY t.d),
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY t.d)
                FROM generate_series(date_trunc('hour', now(), 'UTC') - interval '23 hours',
                                     date_trunc('hour', now(), 'UTC'), interval '1 hour') AS h(hour_start)
                LEFT JOIN (SELECT ready_at, extract(epoch FROM ready_at - created_at)::float8 AS d FROM stores
                           WHERE ready_at >= date_trunc('hour', now(), 'UTC') - interval '23 hours' AND $SCOPE) t
                       ON t.ready_at >= h.hour_start AND t.ready_at < h.hour_start + interval '1 hour'
                GROUP BY h.hour_start
                ORDER BY h.hour_start""".replace("$SCOPE", scope.where("tenant_id"));
        return jdbc.prepareStatement(sql, ps -> {
            scope.bind(ps, 1);
            List<Hour> hours = new ArrayList<>(HOURS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Percentiles p = percentiles(rs, 2);
                    hours.add(new Hour(rs.getTimestamp(1).toInstant(), p.count(), p.p50Seconds(), p.p95Seconds()));
                }
            }
            return hours;
        });
    }

    /** Stores whose lease a worker holds now: the steps being executed (a waiting store holds none). */
    public long busyWorkers(TenantScope scope) {
        String sql = "SELECT count(*) FROM store_leases l JOIN stores s ON s.id = l.store_id "
                + "WHERE l.expires_at > now() AND " + scope.where("s.tenant_id");
        return jdbc.prepareStatement(sql, ps -> {
            scope.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static Percentiles percentiles(ResultSet rs, int first) throws SQLException {
        return new Percentiles(rs.getLong(first), rounded(rs.getObject(first + 1, Double.class)),
                rounded(rs.getObject(first + 2, Double.class)));
    }

    /** Milliseconds are enough, and keep the JSON short. */
    private static @Nullable Double rounded(@Nullable Double seconds) {
        return seconds == null ? null : Math.round(seconds * 1000) / 1000.0;
    }
}
