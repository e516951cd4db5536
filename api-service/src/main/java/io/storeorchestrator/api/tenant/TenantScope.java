package io.storeorchestrator.api.tenant;

import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.store.StoreRow;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Which stores a request may see: every store (the admin, unfiltered) or one tenant's. The one place tenant isolation
 * is decided, used by every store endpoint: a single store through {@link #require}, a query through {@link #where}
 * and {@link #bind}. Another tenant's store is reported exactly as a missing one.
 *
 * @param tenantId the tenant whose stores are visible; null for all of them
 */
public record TenantScope(@Nullable UUID tenantId) {

    public static final TenantScope ALL = new TenantScope(null);

    public static TenantScope of(UUID tenantId) {
        return new TenantScope(java.util.Objects.requireNonNull(tenantId, "tenantId"));
    }

    public boolean permits(@Nullable UUID owner) {
        return tenantId == null || tenantId.equals(owner);
    }

    /** The store if this scope may see it; otherwise 404 NOT_FOUND, word for word what a missing store gives. */
    public StoreRow require(Optional<StoreRow> store, UUID id) {
        return store.filter(s -> permits(s.tenantId())).orElseThrow(() -> notFound(id));
    }

    public static ApiException notFound(UUID id) {
        return ApiException.notFound("No store with id " + id);
    }

    /** A SQL condition on {@code column} (the tenant id column of the rows queried), with one parameter or none. */
    public String where(String column) {
        return tenantId == null ? "TRUE" : column + " = ?";
    }

    /** Binds {@link #where}'s parameter, if it has one, at {@code index}; returns the next index. */
    public int bind(PreparedStatement statement, int index) throws SQLException {
        if (tenantId == null) {
            return index;
        }
        statement.setObject(index, tenantId);
        return index + 1;
    }
}
