package io.storeorchestrator.api.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Optional;
import java.util.UUID;

/** Store rows. Only the api-service writes them; workers and the reaper read. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface StoreRepository extends GenericRepository<StoreRow, UUID> {

    Optional<StoreRow> findById(UUID id);

    /** Locks the row for the rest of the transaction, so intents and worker events on one store apply one at a time. */
    @Query("SELECT * FROM stores WHERE id = :id FOR UPDATE")
    Optional<StoreRow> findByIdForUpdate(UUID id);

    StoreRow save(StoreRow row);

    StoreRow update(StoreRow row);

    @Query("SELECT count(*) FROM stores WHERE status <> 'DELETED'")
    long countLive();

    @Query("SELECT EXISTS (SELECT 1 FROM stores WHERE name = :name AND status <> 'DELETED')")
    boolean existsLiveByName(String name);
}
