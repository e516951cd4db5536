package io.storeorchestrator.api.store;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Optional;
import java.util.UUID;

/** Reads single store rows; {@link StoreWrites} writes them. Only the api-service writes stores. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface StoreRepository extends GenericRepository<StoreRow, UUID> {

    Optional<StoreRow> findById(UUID id);
}
