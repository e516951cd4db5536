package io.storeorchestrator.benchmark;

import io.storeorchestrator.common.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PostgreSQL sessions a worker holds, told apart by the {@code ApplicationName} in its JDBC URL, and the store
 * leases held at that moment (one per store a command is running for; a parked store holds none).
 *
 * @param byState sessions by {@code pg_stat_activity.state} (idle, active, idle in transaction, …)
 */
record WorkerDatabaseUse(Map<String, Integer> byState, int leasesHeld) {

    int connections() {
        return byState.values().stream().mapToInt(Integer::intValue).sum();
    }

    static WorkerDatabaseUse of(TestDatabase database, String applicationName) {
        try (Connection connection = database.connect()) {
            Map<String, Integer> byState = new TreeMap<>();
            try (PreparedStatement sessions = connection.prepareStatement("""
                    SELECT coalesce(state, 'unknown'), count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND application_name = ? GROUP BY 1""")) {
                sessions.setString(1, applicationName);
                try (ResultSet rows = sessions.executeQuery()) {
                    while (rows.next()) {
                        byState.put(rows.getString(1), rows.getInt(2));
                    }
                }
            }
            try (PreparedStatement leases = connection.prepareStatement(
                    "SELECT count(*) FROM store_leases WHERE expires_at > now()")) {
                try (ResultSet rows = leases.executeQuery()) {
                    rows.next();
                    return new WorkerDatabaseUse(byState, rows.getInt(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the worker's sessions from pg_stat_activity", e);
        }
    }
}
