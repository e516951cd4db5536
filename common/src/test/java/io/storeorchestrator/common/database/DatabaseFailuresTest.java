package io.storeorchestrator.common.database;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFailuresTest {

    /** Stands in for a framework exception (Micronaut's CannotGetJdbcConnectionException) that wraps the driver's. */
    private static RuntimeException wrapped(Throwable cause) {
        return new IllegalStateException("Failed to obtain JDBC Connection", new RuntimeException("tx", cause));
    }

    @Test
    void aPoolTimeoutOrARefusedConnectionAnywhereInTheChainIsAnOutage() {
        assertThat(DatabaseFailures.isUnavailable(wrapped(new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 3000ms")))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(wrapped(new ConnectException("Connection refused")))).isTrue();
        // Hikari's evicted connection, met while resetting it after the statement that broke it.
        assertThat(DatabaseFailures.isUnavailable(wrapped(new SQLException("Connection is closed")))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(wrapped(new SQLException("something else")))).isFalse();
    }

    @Test
    void connectionAndShutdownStatesAreOutagesButDataErrorsAreNot() {
        assertThat(DatabaseFailures.isUnavailable(wrapped(new SQLException("I/O error", "08006")))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(wrapped(new SQLException("terminating connection", "57P01")))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(wrapped(new SQLException("database does not exist", "3D000")))).isTrue();

        SQLException tooLong = new SQLException("value too long", "22001");
        assertThat(DatabaseFailures.isUnavailable(wrapped(tooLong))).isFalse();
        assertThat(DatabaseFailures.isPermanentDataError(wrapped(tooLong))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new IllegalArgumentException("a bug"))).isFalse();
        assertThat(DatabaseFailures.isPermanentDataError(new IllegalArgumentException("a bug"))).isFalse();
    }

    @Test
    void aUniqueViolationIsRecognisedThroughTheWrapping() {
        assertThat(DatabaseFailures.isUniqueViolation(wrapped(new SQLException("duplicate key", "23505")))).isTrue();
        assertThat(DatabaseFailures.isUniqueViolation(wrapped(new SQLException("fk", "23503")))).isFalse();
        assertThat(DatabaseFailures.sqlState(new RuntimeException())).isEmpty();
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(DatabaseFailures.isUnavailable(a)).isFalse();
        assertThat(DatabaseFailures.sqlState(a)).isEmpty();
    }
}
