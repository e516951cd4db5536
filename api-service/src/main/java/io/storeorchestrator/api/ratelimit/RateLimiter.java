package io.storeorchestrator.api.ratelimit;

import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Token buckets shared by every API replica, one row each in PostgreSQL's {@code rate_limit_buckets} (unlogged): a
 * bucket holds at most a minute's allowance and refills continuously. A check is one upsert that refills, takes
 * tokens if there are any, and says how many; concurrent checks of one bucket queue on its row, so the limit holds
 * across replicas. Should the check fail (database down or slow), the request goes through: a limiter outage must not
 * take the API down with it.
 *
 * <p>A key whose limit is high (at least {@value #MIN_PER_MINUTE_TO_RESERVE} a minute) would otherwise cost every one
 * of its requests an upsert on one hot row. For those a replica reserves tokens: it takes as many as its recent demand
 * for the key (doubling while a reservation runs out, shrinking to what was used when one expires, at most a quarter
 * second's allowance) and spends them locally for {@link #RESERVATION_TTL}. Tokens are always taken from the shared
 * bucket before they are spent, so the limit is never exceeded; what a reservation leaves unspent expires, so a busy
 * key may be refused up to one reservation per replica early. Keys at ordinary limits (the defaults are 30 and 5 a
 * minute) take one token per request, exactly, and leave nothing in memory.
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
    /** Tokens this check takes: as many as asked for (EXCLUDED.granted), of the whole ones available; none if none. */
    private static final String GRANTED = "CASE WHEN $A >= 1 THEN LEAST(EXCLUDED.granted, floor($A)) ELSE 0 END";
    // Parameters: the bucket, its limit a minute, the tokens wanted. A new bucket starts full.
    private static final String CHECK = """
            INSERT INTO rate_limit_buckets AS b (bucket, tokens, refilled_at, capacity, per_second, allowed, granted)
            SELECT v.bucket, v.per_minute - LEAST(v.wanted, floor(v.per_minute)), statement_timestamp(), v.per_minute,
                   v.per_minute / 60, true, LEAST(v.wanted, floor(v.per_minute))
            FROM (VALUES (?::varchar, ?::float8, ?::int)) AS v(bucket, per_minute, wanted)
            ON CONFLICT (bucket) DO UPDATE SET
                tokens = $A - $G,
                allowed = $A >= 1,
                granted = $G,
                refilled_at = EXCLUDED.refilled_at,
                capacity = EXCLUDED.capacity,
                per_second = EXCLUDED.per_second
            RETURNING granted, tokens, per_second""".replace("$G", GRANTED).replace("$A", AVAILABLE);
    /** Below this limit a key takes one token per request from PostgreSQL, with no reservation. */
    static final int MIN_PER_MINUTE_TO_RESERVE = 480;
    /** How long a reservation's tokens may be spent locally. */
    static final Duration RESERVATION_TTL = Duration.ofMillis(250);
    /** How long a key with reservations goes through unchecked after its check failed, before it asks again. */
    static final Duration OUTAGE_PASS = Duration.ofSeconds(5);
    /** A check that takes longer than this counts as an outage. */
    static final int TIMEOUT_SECONDS = 2;
    static final Duration OUTAGE_LOG_INTERVAL = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final AtomicLong lastOutageLog = new AtomicLong();
    private final Map<String, Reservation> reservations = new ConcurrentHashMap<>();

    /** @param resolver unwraps Micronaut Data's contextual DataSource: checks take pooled connections of their own */
    @Inject
    public RateLimiter(DataSource dataSource, DataSourceResolver resolver) {
        this(resolver.resolve(dataSource));
    }

    RateLimiter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Takes one token from {@code bucket}, which allows {@code perMinute} requests a minute.
     *
     * @return allowed, or refused with the seconds until a token is back; allowed when the check itself fails
     */
    public Decision take(String bucket, int perMinute) {
        if (perMinute < MIN_PER_MINUTE_TO_RESERVE) {
            return check(bucket, perMinute, 1).decision();
        }
        Reservation reservation = reservations.computeIfAbsent(bucket, key -> new Reservation());
        // The key's requests on this replica queue here while one of them asks PostgreSQL; should that take longer
        // than a check may, the limiter counts as unavailable for them, as for the one asking.
        try {
            if (!reservation.lock.tryLock(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return Decision.ALLOWED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Decision.ALLOWED;
        }
        try {
            long now = System.nanoTime();
            if (now - reservation.outageUntil < 0) {
                return Decision.ALLOWED;
            }
            if (reservation.left > 0 && now - reservation.expiresAt < 0) {
                reservation.left--;
                return Decision.ALLOWED;
            }
            Check check = check(bucket, perMinute, reservation.nextSize(largestReservation(perMinute)));
            if (check.unavailable()) {
                // Let the key through for a while rather than have each of its requests wait for a failing check.
                reservation.outageUntil = System.nanoTime() + OUTAGE_PASS.toNanos();
            } else if (check.granted() > 0) {
                reservation.reserved(check.granted() - 1, now + RESERVATION_TTL.toNanos());
            }
            return check.decision();
        } finally {
            reservation.lock.unlock();
        }
    }

    /** A quarter second's allowance: what a replica may hold unspent at most, and so may refuse early. */
    static int largestReservation(int perMinute) {
        return perMinute / 240;
    }

    /**
     * What one upsert gave: the tokens taken (0: refused, or the check failed) and the decision for the request that
     * asked.
     */
    private record Check(int granted, Decision decision, boolean unavailable) {
    }

    private Check check(String bucket, int perMinute, int wanted) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement(CHECK)) {
            connection.setAutoCommit(true);
            ps.setQueryTimeout(TIMEOUT_SECONDS);
            ps.setString(1, bucket);
            ps.setDouble(2, perMinute);
            ps.setInt(3, wanted);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int granted = rs.getInt(1);
                if (granted > 0) {
                    return new Check(granted, Decision.ALLOWED, false);
                }
                double missing = 1 - rs.getDouble(2);
                return new Check(0, new Decision(false, Math.max(1, (long) Math.ceil(missing / rs.getDouble(3)))),
                        false);
            }
        } catch (SQLException | RuntimeException e) {
            long now = System.nanoTime();
            long last = lastOutageLog.get();
            if (now - last > OUTAGE_LOG_INTERVAL.toNanos() && lastOutageLog.compareAndSet(last, now)) {
                LOG.warn("Rate limits are not enforced: the limiter cannot reach PostgreSQL ({})", e.toString());
            }
            return new Check(0, Decision.ALLOWED, true);
        }
    }

    /** A replica's tokens of one busy key, spent without asking PostgreSQL until they run out or expire. */
    private static final class Reservation {
        final ReentrantLock lock = new ReentrantLock();
        int size;
        int left;
        // System.nanoTime() values, compared by difference (they may be negative, and wrap).
        long expiresAt = System.nanoTime();
        /** Until when the key goes through unchecked, after a check failed. */
        long outageUntil = expiresAt;

        /** Twice the last one when it ran out, what it served (and this request) when it expired. */
        int nextSize(int max) {
            int next = size == 0 ? 1 : left == 0 ? size * 2 : size - left + 1;
            return Math.clamp(next, 1, max);
        }

        void reserved(int tokens, long until) {
            size = tokens + 1;
            left = tokens;
            expiresAt = until;
        }

        boolean idleSince(long nanos) {
            return expiresAt - nanos < 0 && outageUntil - nanos < 0;
        }
    }

    /** Forgets the reservations of keys not seen for a minute (they hold no tokens worth keeping by then). */
    @Scheduled(fixedDelay = "1m", initialDelay = "1m")
    void forgetIdleReservations() {
        long minuteAgo = System.nanoTime() - Duration.ofMinutes(1).toNanos();
        reservations.values().removeIf(reservation -> reservation.idleSince(minuteAgo) && !reservation.lock.isLocked());
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
