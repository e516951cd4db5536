package io.storeorchestrator.api.store;

import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.transaction.exceptions.CannotCreateTransactionException;
import io.micronaut.transaction.jdbc.exceptions.CannotGetJdbcConnectionException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/** Reads database exceptions: is the database unreachable (retry later) or did it refuse this statement? */
public final class DatabaseFailures {

    /** PostgreSQL's unique_violation. */
    public static final String UNIQUE_VIOLATION = "23505";

    private DatabaseFailures() {
    }

    /** True when the database could not be reached or went away: the request may succeed later. */
    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException || t instanceof ConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 57P0x: the server is shutting down or restarting; 3D000: database gone.
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("3D000")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** True when the database refused the data itself (too long, constraint): retrying the same input never helps. */
    public static boolean isPermanentDataError(Throwable error) {
        return sqlState(error).map(s -> s.startsWith("22") || s.startsWith("23")).orElse(false);
    }

    /** The SQLState of the first {@link SQLException} in the cause chain. */
    public static Optional<String> sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
