package io.storeorchestrator.common.database;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * Reads database exceptions the same way in every service: is the database unreachable (hold the work and retry
 * later), or did it refuse this statement (retrying the same input never helps)?
 *
 * <p>Plain JDBC only. Frameworks wrap what the driver or the pool threw (Micronaut's
 * {@code CannotGetJdbcConnectionException} and {@code CannotCreateTransactionException} carry Hikari's
 * {@link SQLTransientConnectionException} or the driver's {@link SQLException}), so the whole cause chain is read.
 */
public final class DatabaseFailures {

    /** PostgreSQL's unique_violation. */
    public static final String UNIQUE_VIOLATION = "23505";

    /**
     * What Hikari's stand-in for a connection it already evicted as broken throws, with no SQLState. A framework
     * cleaning up after the statement that broke it (resetting read-only, auto-commit) meets it, and its exception
     * is the one that surfaces.
     */
    private static final String HIKARI_CLOSED = "Connection is closed";

    /** Deep enough for any framework's wrapping; stops a cause cycle. */
    private static final int MAX_DEPTH = 32;

    private DatabaseFailures() {
    }

    /** True when the database could not be reached or went away: the same work may succeed later. */
    public static boolean isUnavailable(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth++ < MAX_DEPTH; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getSQLState() != null ? isUnavailableState(sql.getSQLState())
                    : HIKARI_CLOSED.equals(sql.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    /** True when the database refused the data itself (too long, constraint): retrying the same input never helps. */
    public static boolean isPermanentDataError(Throwable error) {
        return sqlState(error).map(s -> s.startsWith("22") || s.startsWith("23")).orElse(false);
    }

    /** True when the statement broke a unique index (a name already taken, a row already there). */
    public static boolean isUniqueViolation(Throwable error) {
        return sqlState(error).filter(UNIQUE_VIOLATION::equals).isPresent();
    }

    /** The SQLState of the first {@link SQLException} in the cause chain that has one. */
    public static Optional<String> sqlState(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth++ < MAX_DEPTH; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    /**
     * 08: connection exceptions; 57P01-57P03: the server is shutting down, restarting or not accepting connections
     * yet; 3D000: the database is gone; 53300: no connection slot free on the server.
     */
    private static boolean isUnavailableState(String state) {
        return state.startsWith("08") || state.startsWith("57P") || state.equals("3D000") || state.equals("53300");
    }
}
