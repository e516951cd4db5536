package io.storeorchestrator.api.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;

/** Reads the audit log. Rows are appended by {@link StoreWrites}, in the same statement as the change they record. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AuditRepository extends GenericRepository<AuditEntry, Long> {

    @Query("SELECT * FROM audit_log ORDER BY occurred_at DESC, id DESC LIMIT :limit")
    List<AuditEntry> findRecent(int limit);
}
