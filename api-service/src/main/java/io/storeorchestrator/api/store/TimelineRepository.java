package io.storeorchestrator.api.store;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Store timelines ({@code store_events}). Plain SQL: the insert must ignore events already recorded. */
@Singleton
@Transactional
public class TimelineRepository {

    /** Column width of {@code store_events.step}. */
    static final int STEP_MAX = 64;

    private final JdbcOperations jdbc;

    public TimelineRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when an entry with this id was already recorded (a redelivered event) */
    public boolean insertIfAbsent(TimelineEntry entry) {
        String sql = """
                INSERT INTO store_events (id, store_id, generation, type, step, message, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""";
        return jdbc.prepareStatement(sql, ps -> {
            ps.setObject(1, entry.id());
            ps.setObject(2, entry.storeId());
            ps.setLong(3, entry.generation());
            ps.setString(4, entry.type());
            String step = entry.step();
            ps.setString(5, step.length() > STEP_MAX ? step.substring(0, STEP_MAX) : step);
            ps.setString(6, entry.message());
            ps.setObject(7, OffsetDateTime.ofInstant(entry.occurredAt(), ZoneOffset.UTC));
            return ps.executeUpdate() == 1;
        });
    }

    /** The store's timeline, oldest first. */
    public List<TimelineEntry> findByStore(UUID storeId) {
        String sql = """
                SELECT id, store_id, generation, type, step, message, occurred_at FROM store_events
                WHERE store_id = ? ORDER BY occurred_at, recorded_at, id""";
        return jdbc.prepareStatement(sql, ps -> {
            ps.setObject(1, storeId);
            try (ResultSet rs = ps.executeQuery()) {
                List<TimelineEntry> entries = new ArrayList<>();
                while (rs.next()) {
                    entries.add(read(rs));
                }
                return entries;
            }
        });
    }

    private static TimelineEntry read(ResultSet rs) throws SQLException {
        return new TimelineEntry(rs.getObject("id", UUID.class), rs.getObject("store_id", UUID.class),
                rs.getLong("generation"), rs.getString("type"), rs.getString("step"), rs.getString("message"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant());
    }
}
