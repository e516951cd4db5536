package io.storeorchestrator.common.testsupport;

import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, migrated PostgreSQL database of its own for one test class, on the real server from {@link TestServers};
 * dropped on {@link #close()}. Tests never see each other's rows.
 */
public final class TestDatabase implements AutoCloseable {

    private final TestServers.Endpoint server;
    private final String name;

    private TestDatabase(TestServers.Endpoint server, String name) {
        this.server = server;
        this.name = name;
    }

    /** Creates an empty database and applies the platform's Flyway migrations to it. */
    public static TestDatabase createMigrated() {
        TestDatabase db = createEmpty();
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration").load().migrate();
        return db;
    }

    /** Creates an empty database (for tests of the service that migrates it itself). */
    public static TestDatabase createEmpty() {
        TestServers.Endpoint server = TestServers.postgres();
        String name = "so_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(adminUrl(server), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return new TestDatabase(server, name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + name;
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    /**
     * Simulates a database outage (and its end) for whatever is connected to this database: refuses new connections
     * and terminates the open ones. Works on a real server, where stopping it would disturb other tests.
     */
    public void setAvailable(boolean available) {
        try (Connection c = DriverManager.getConnection(adminUrl(server), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + available);
            if (!available) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not make " + name + (available ? " available" : " unavailable"), e);
        }
    }

    private static String adminUrl(TestServers.Endpoint server) {
        return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/postgres";
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(adminUrl(server), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // a leftover test database is harmless; it must not fail the test that already passed
        }
    }
}
