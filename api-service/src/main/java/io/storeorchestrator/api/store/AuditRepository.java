package io.storeorchestrator.api.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;

/** The audit log: appended in the same transaction as the change it records. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AuditRepository extends GenericRepository<AuditEntry, Long> {

    AuditEntry save(AuditEntry entry);

    @Query("SELECT * FROM audit_log ORDER BY occurred_at DESC, id DESC LIMIT :limit")
    List<AuditEntry> findRecent(int limit);
}
