package io.storeorchestrator.api.ratelimit;

import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets shared by every API replica, one row each in PostgreSQL's {@code rate_limit_buckets} (unlogged): a
 * bucket holds at most a minute's allowance and refills continuously. A check is one upsert that refills, takes a
 * token if there is one, and says so; concurrent checks of one bucket queue on its row, so the limit holds across
 * replicas. Should the check fail (database down or slow), the request goes through: a limiter outage must not take
 * the API down with it.
 */
@Singleton
public class RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

    /** What a check decided. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOWED = new Decision(true, 0);
    }

    /** Tokens available now: what is left, plus what the time since the last check refilled, capped. */
    private static final String AVAILABLE = "LEAST(EXCLUDED.capacity, b.tokens + EXCLUDED.per_second"
            + " * GREATEST(0, EXTRACT(EPOCH FROM EXCLUDED.refilled_at - b.refilled_at)))";
    private static final String CHECK = """
            INSERT INTO rate_limit_buckets AS b (bucket, tokens, refilled_at, capacity, per_second, allowed)
            VALUES (?, ?::float8 - 1, statement_timestamp(), ?, ?::float8 / 60, true)
            ON CONFLICT (bucket) DO UPDATE SET
                tokens = CASE WHEN $A >= 1 THEN $A - 1 ELSE $A END,
                allowed = $A >= 1,
                refilled_at = EXCLUDED.refilled_at,
                capacity = EXCLUDED.capacity,
                per_second = EXCLUDED.per_second
            RETURNING allowed, tokens, per_second""".replace("$A", AVAILABLE);
    /** A check that takes longer than this counts as an outage. */
    static final int TIMEOUT_SECONDS = 2;
    static final Duration OUTAGE_LOG_INTERVAL = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final AtomicLong lastOutageLog = new AtomicLong();

    /** @param resolver unwraps Micronaut Data's contextual DataSource: checks take pooled connections of their own */
    public RateLimiter(DataSource dataSource, DataSourceResolver resolver) {
        this.dataSource = resolver.resolve(dataSource);
    }

    /**
     * Takes one token from {@code bucket}, which allows {@code perMinute} requests a minute.
     *
     * @return allowed, or refused with the seconds until a token is back; allowed when the check itself fails
     */
    public Decision take(String bucket, int perMinute) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(CHECK)) {
            connection.setAutoCommit(true);
            ps.setQueryTimeout(TIMEOUT_SECONDS);
            ps.setString(1, bucket);
            ps.setDouble(2, perMinute);
            ps.setDouble(3, perMinute);
            ps.setDouble(4, perMinute);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Decision.ALLOWED;
                }
                double missing = 1 - rs.getDouble(2);
                return new Decision(false, Math.max(1, (long) Math.ceil(missing / rs.getDouble(3))));
            }
        } catch (SQLException | RuntimeException e) {
            long now = System.nanoTime();
            long last = lastOutageLog.get();
            if (now - last > OUTAGE_LOG_INTERVAL.toNanos() && lastOutageLog.compareAndSet(last, now)) {
                LOG.warn("Rate limits are not enforced: the limiter cannot reach PostgreSQL ({})", e.toString());
            }
            return Decision.ALLOWED;
        }
    }

    /** A bucket idle for over a minute is full, exactly as a missing one: forgetting it changes nothing. */
    @Scheduled(fixedDelay = "10m", initialDelay = "1m")
    void forgetIdleBuckets() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(
                     "DELETE FROM rate_limit_buckets WHERE refilled_at < now() - interval '10 minutes'")) {
            connection.setAutoCommit(true);
            ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Idle rate-limit buckets not cleaned up this time: {}", e.toString());
        }
    }
}
