package io.storeorchestrator.api.stream;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code store_changes} bounded: once a minute, on every replica (the statement is idempotent), deletes the
 * changes older than {@code API_STREAM_RETENTION} and records the highest id deleted, below which a resume is told to
 * reset.
 */
@Singleton
public class StreamPurge {

    private static final Logger LOG = LoggerFactory.getLogger(StreamPurge.class);

    private final JdbcOperations jdbc;
    private final StreamConfig config;

    public StreamPurge(JdbcOperations jdbc, StreamConfig config) {
        this.jdbc = jdbc;
        this.config = config;
    }

    @Scheduled(fixedDelay = "1m", initialDelay = "1m")
    @Connectable
    void purge() {
        try {
            purgeNow();
        } catch (RuntimeException e) {
            LOG.debug("old store changes not purged this time: {}", e.toString());
        }
    }

    /** @return the changes deleted */
    @Connectable
    public int purgeNow() {
        return jdbc.prepareStatement("""
                WITH gone AS (DELETE FROM store_changes WHERE changed_at < now() - ?::interval RETURNING id),
                     top AS (SELECT max(id) AS id, count(*) AS n FROM gone),
                     mark AS (UPDATE store_changes_purged SET through = greatest(through, top.id) FROM top
                              WHERE top.id IS NOT NULL)
                SELECT n FROM top""", ps -> {
            ps.setString(1, config.retention().toMillis() + " milliseconds");
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
