package io.storeorchestrator.api.tenant;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.ReadOnly;
import io.storeorchestrator.api.auth.ApiKeyRepository;
import io.storeorchestrator.api.store.AuditEntry;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Tenants and their keys in PostgreSQL. Writes run in the caller's transaction ({@link TenantService}). */
@Singleton
public class TenantRepository {

    /** A live tenant found by name (a JWT's tenant claim). */
    public record Named(UUID id, TenantLimits limits) {
    }

    private static final String LIVE_STORES =
            "(SELECT count(*) FROM stores s WHERE s.tenant_id = t.id AND s.status <> 'DELETED') AS live_stores";

    private final JdbcOperations jdbc;

    public TenantRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws RuntimeException a unique violation when a live tenant has the name */
    public void insert(UUID id, TenantLimits limits, Instant now) {
        jdbc.prepareStatement("""
                INSERT INTO tenants (id, name, max_stores, allowed_plans, requests_per_minute, creates_per_minute,
                                     created_at, default_ttl_seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
            ps.setObject(1, id);
            ps.setString(2, limits.name());
            ps.setInt(3, limits.maxStores());
            ps.setArray(4, limits.allowedPlans() == null ? null
                    : ps.getConnection().createArrayOf("text", limits.allowedPlans().toArray()));
            ps.setObject(5, limits.requestsPerMinute());
            ps.setObject(6, limits.createsPerMinute());
            ps.setObject(7, utc(now));
            ps.setObject(8, limits.defaultTtl() == null ? null : limits.defaultTtl().toSeconds());
            return ps.executeUpdate();
        });
    }

    @ReadOnly
    public List<TenantView> list() {
        return jdbc.prepareStatement("SELECT t.*, " + LIVE_STORES
                + " FROM tenants t WHERE deleted_at IS NULL ORDER BY name", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                List<TenantView> tenants = new ArrayList<>();
                while (rs.next()) {
                    tenants.add(view(rs));
                }
                return tenants;
            }
        });
    }

    @ReadOnly
    public Optional<TenantView> find(UUID id) {
        return jdbc.prepareStatement("SELECT t.*, " + LIVE_STORES + " FROM tenants t WHERE id = ? AND deleted_at IS NULL",
                ps -> {
                    ps.setObject(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(view(rs)) : Optional.empty();
                    }
                });
    }

    @ReadOnly
    public Optional<Named> findByName(String name) {
        return jdbc.prepareStatement("SELECT * FROM tenants WHERE name = ? AND deleted_at IS NULL", ps -> {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Named(rs.getObject("id", UUID.class), ApiKeyRepository.limits(rs)))
                        : Optional.empty();
            }
        });
    }

    /**
     * The live tenant, its row locked until the transaction ends: creates of its stores, and its deletion, take this
     * lock, so its live stores are counted and added one at a time whichever API replica serves them.
     */
    public Optional<TenantLimits> lock(UUID id) {
        return jdbc.prepareStatement("SELECT * FROM tenants WHERE id = ? AND deleted_at IS NULL FOR UPDATE", ps -> {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(ApiKeyRepository.limits(rs)) : Optional.empty();
            }
        });
    }

    /**
     * Its live stores. A statement of its own, after {@link #lock}: under READ COMMITTED it then sees every store a
     * create that held the lock before committed (a count in the locking statement would not).
     */
    public long countLiveStores(UUID tenantId) {
        return jdbc.prepareStatement("SELECT count(*) FROM stores WHERE tenant_id = ? AND status <> 'DELETED'", ps -> {
            ps.setObject(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Deletes the tenant (soft: its stores keep their owner) and revokes every key it has. */
    public void markDeleted(UUID id, Instant now) {
        jdbc.prepareStatement("""
                WITH revoked AS (UPDATE api_keys SET revoked_at = ? WHERE tenant_id = ? AND revoked_at IS NULL)
                UPDATE tenants SET deleted_at = ? WHERE id = ?""", ps -> {
            ps.setObject(1, utc(now));
            ps.setObject(2, id);
            ps.setObject(3, utc(now));
            ps.setObject(4, id);
            return ps.executeUpdate();
        });
    }

    public void insertKey(UUID keyId, UUID tenantId, byte[] keyHash, Instant now) {
        jdbc.prepareStatement("INSERT INTO api_keys (id, tenant_id, key_hash, created_at) VALUES (?, ?, ?, ?)", ps -> {
            ps.setObject(1, keyId);
            ps.setObject(2, tenantId);
            ps.setBytes(3, keyHash);
            ps.setObject(4, utc(now));
            return ps.executeUpdate();
        });
    }

    /** What revoking a key found. */
    public enum Revoked { REVOKED, ALREADY_REVOKED, NO_SUCH_KEY }

    public Revoked revokeKey(UUID tenantId, UUID keyId, Instant now) {
        return jdbc.prepareStatement("""
                WITH target AS (SELECT id, revoked_at FROM api_keys WHERE id = ? AND tenant_id = ? FOR UPDATE),
                     revoked AS (UPDATE api_keys k SET revoked_at = ? FROM target
                                 WHERE k.id = target.id AND target.revoked_at IS NULL RETURNING k.id)
                SELECT (SELECT count(*) FROM target), (SELECT count(*) FROM revoked)""", ps -> {
            ps.setObject(1, keyId);
            ps.setObject(2, tenantId);
            ps.setObject(3, utc(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0 ? Revoked.NO_SUCH_KEY
                        : rs.getLong(2) == 1 ? Revoked.REVOKED : Revoked.ALREADY_REVOKED;
            }
        });
    }

    @ReadOnly
    public List<KeyView> listKeys(UUID tenantId) {
        return jdbc.prepareStatement("""
                SELECT id, created_at, last_used_at, revoked_at FROM api_keys WHERE tenant_id = ?
                ORDER BY created_at, id""", ps -> {
            ps.setObject(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                List<KeyView> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(new KeyView(rs.getObject("id", UUID.class), instant(rs, "created_at"),
                            instant(rs, "last_used_at"), instant(rs, "revoked_at")));
                }
                return keys;
            }
        });
    }

    /** An audit row about a tenant or its keys. */
    public void audit(AuditEntry entry) {
        jdbc.prepareStatement("""
                INSERT INTO audit_log (store_id, store_name, action, actor, source_ip, detail, occurred_at, tenant_id)
                VALUES (NULL, NULL, ?, ?, ?, ?, ?, ?)""", ps -> {
            ps.setString(1, entry.action());
            ps.setString(2, entry.actor());
            ps.setString(3, entry.sourceIp());
            ps.setString(4, entry.detail());
            ps.setObject(5, utc(entry.occurredAt()));
            ps.setObject(6, entry.tenantId());
            return ps.executeUpdate();
        });
    }

    private static TenantView view(ResultSet rs) throws SQLException {
        TenantLimits limits = ApiKeyRepository.limits(rs);
        return new TenantView(rs.getObject("id", UUID.class), limits.name(), limits.maxStores(), limits.allowedPlans(),
                limits.requestsPerMinute(), limits.createsPerMinute(), rs.getLong("live_stores"),
                instant(rs, "created_at"), TenantView.ttl(limits.defaultTtl()));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
