package io.storeorchestrator.api.idempotency;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;

/** {@code idempotency_keys}: claims, completes and reads keys inside the caller's transaction. */
@Singleton
public class IdempotencyRepository {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyRepository.class);

    /** The response recorded under a key, and the request it answered. */
    public record Recorded(byte[] fingerprint, int status, String body, @Nullable String location) {
    }

    /**
     * Inserts the key, or takes over one that expired. A request holding the same key in an uncommitted transaction
     * makes this wait for its outcome: committed, this claims nothing; rolled back, this claims the key.
     */
    private static final String CLAIM = """
            INSERT INTO idempotency_keys AS k (scope, key, fingerprint, status, body, created_at)
            VALUES (?, ?, ?, 0, '', now())
            ON CONFLICT (scope, key) DO UPDATE
                SET fingerprint = EXCLUDED.fingerprint, status = 0, body = '', location = NULL, created_at = now()
                WHERE k.created_at < now() - ?::interval
            RETURNING true""";

    private final JdbcOperations jdbc;
    private final Duration ttl;

    public IdempotencyRepository(JdbcOperations jdbc, io.storeorchestrator.api.auth.AccessConfig access) {
        this.jdbc = jdbc;
        this.ttl = access.idempotencyTtl();
    }

    /** @return true when this request owns the key now; false when a live response is recorded under it */
    public boolean claim(String scope, String key, byte[] fingerprint) {
        return jdbc.prepareStatement(CLAIM, ps -> {
            ps.setString(1, scope);
            ps.setString(2, key);
            ps.setBytes(3, fingerprint);
            ps.setString(4, ttl.toSeconds() + " seconds");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    public Optional<Recorded> find(String scope, String key) {
        return jdbc.prepareStatement("""
                SELECT fingerprint, status, body, location FROM idempotency_keys WHERE scope = ? AND key = ?""", ps -> {
            ps.setString(1, scope);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Recorded(rs.getBytes(1), rs.getInt(2), rs.getString(3),
                        rs.getString(4))) : Optional.empty();
            }
        });
    }

    public void complete(String scope, String key, int status, String body, @Nullable String location) {
        jdbc.prepareStatement("UPDATE idempotency_keys SET status = ?, body = ?, location = ? WHERE scope = ? AND key = ?",
                ps -> {
                    ps.setInt(1, status);
                    ps.setString(2, body);
                    ps.setString(3, location);
                    ps.setString(4, scope);
                    ps.setString(5, key);
                    return ps.executeUpdate();
                });
    }

    /** Expired keys are taken over by a new claim anyway; this only keeps the table small. */
    @Scheduled(fixedDelay = "15m", initialDelay = "2m")
    @Connectable
    void forgetExpired() {
        try {
            jdbc.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < now() - ?::interval", ps -> {
                ps.setString(1, ttl.toSeconds() + " seconds");
                return ps.executeUpdate();
            });
        } catch (RuntimeException e) {
            LOG.debug("Expired idempotency keys not cleaned up this time: {}", e.toString());
        }
    }
}
