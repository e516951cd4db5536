package io.storeorchestrator.api.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.ReadOnly;
import io.storeorchestrator.api.tenant.TenantLimits;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Looks keys up by hash for {@link Authenticator}; {@code TenantService} creates and revokes them. */
@Singleton
public class ApiKeyRepository {

    /** A usable key (not revoked, its tenant not deleted) and its tenant. */
    public record Found(UUID keyId, UUID tenantId, TenantLimits limits, @Nullable Instant lastUsedAt) {
    }

    private static final String FIND = """
            SELECT k.id, k.last_used_at, t.id AS tenant_id, t.name, t.max_stores, t.allowed_plans,
                   t.requests_per_minute, t.creates_per_minute, t.default_ttl_seconds
            FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
            WHERE k.key_hash = ? AND k.revoked_at IS NULL AND t.deleted_at IS NULL""";

    private final JdbcOperations jdbc;

    public ApiKeyRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @ReadOnly
    public Optional<Found> findUsable(byte[] keyHash) {
        return jdbc.prepareStatement(FIND, ps -> {
            ps.setBytes(1, keyHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                OffsetDateTime lastUsed = rs.getObject("last_used_at", OffsetDateTime.class);
                return Optional.of(new Found(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        limits(rs), lastUsed == null ? null : lastUsed.toInstant()));
            }
        });
    }

    /** Records a use, unless one was recorded in the last minute (a write per request would be wasted). */
    @Connectable
    public void touch(UUID keyId) {
        jdbc.prepareStatement("""
                UPDATE api_keys SET last_used_at = now()
                WHERE id = ? AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""", ps -> {
            ps.setObject(1, keyId);
            return ps.executeUpdate();
        });
    }

    /** Reads a tenant's limits from the columns of {@code tenants} in {@code rs}. */
    public static TenantLimits limits(ResultSet rs) throws SQLException {
        return new TenantLimits(rs.getString("name"), rs.getInt("max_stores"), plans(rs.getArray("allowed_plans")),
                rs.getObject("requests_per_minute", Integer.class), rs.getObject("creates_per_minute", Integer.class),
                defaultTtl(rs.getObject("default_ttl_seconds", Long.class)));
    }

    private static @Nullable Duration defaultTtl(@Nullable Long seconds) {
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    private static @Nullable List<String> plans(@Nullable Array array) throws SQLException {
        return array == null ? null : List.copyOf(Arrays.asList((String[]) array.getArray()));
    }
}
