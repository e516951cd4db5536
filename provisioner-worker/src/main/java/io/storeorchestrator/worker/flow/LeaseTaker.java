package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.database.DatabaseFailures;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.fencing.StoreLeases;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Asks for a store's lease, holding on through a PostgreSQL outage: handing the command back instead would count
 * against its delivery limit, and a long enough outage would dead-letter perfectly good commands.
 */
@Singleton
public final class LeaseTaker {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseTaker.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(200);
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final StoreLeases leases;
    private final ShutdownSignal shutdown;
    private final Duration ttl;

    public LeaseTaker(StoreLeases leases, ShutdownSignal shutdown, WorkerConfig config) {
        this.leases = leases;
        this.shutdown = shutdown;
        this.ttl = config.leaseDuration();
    }

    /** @return the attempt, or null when the worker started stopping while PostgreSQL was down */
    public StoreLeases.Attempt take(UUID storeId, String holder) {
        Duration wait = FIRST_WAIT;
        String lastProblem = null;
        while (!shutdown.isStopping()) {
            try {
                StoreLeases.Attempt attempt = leases.acquire(storeId, holder, ttl);
                if (lastProblem != null) {
                    LOG.info("PostgreSQL is back; took up store {}", storeId);
                }
                return attempt;
            } catch (SQLException e) {
                if (!DatabaseFailures.isUnavailable(e)) {
                    // Not an outage (a schema or permission problem): waiting cannot help; let the delivery fail.
                    throw new IllegalStateException("cannot lease store " + storeId + ": " + e.getMessage(), e);
                }
                if (!Objects.equals(e.getMessage(), lastProblem)) {
                    LOG.warn("PostgreSQL unavailable while leasing store {}, holding the command until it returns: {}",
                            storeId, e.getMessage());
                }
                lastProblem = e.getMessage();
            }
            if (!shutdown.pause(wait)) {
                break;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        }
        return null;
    }
}
