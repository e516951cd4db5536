package io.storeorchestrator.api.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import io.storeorchestrator.api.tenant.TenantScope;

import java.util.List;
import java.util.UUID;

/** Reads the audit log. Rows are appended by {@link StoreWrites}, in the same statement as the change they record. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AuditRepository extends GenericRepository<AuditEntry, Long> {

    @Query("SELECT * FROM audit_log ORDER BY occurred_at DESC, id DESC LIMIT :limit")
    List<AuditEntry> findRecent(int limit);

    /** One tenant's rows: its stores' and its keys'. */
    @Query("SELECT * FROM audit_log WHERE tenant_id = :tenantId ORDER BY occurred_at DESC, id DESC LIMIT :limit")
    List<AuditEntry> findRecentOfTenant(UUID tenantId, int limit);

    /** The rows {@code scope} may read. */
    default List<AuditEntry> findRecent(TenantScope scope, int limit) {
        return scope.tenantId() == null ? findRecent(limit) : findRecentOfTenant(scope.tenantId(), limit);
    }
}
