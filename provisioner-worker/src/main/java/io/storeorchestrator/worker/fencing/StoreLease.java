package io.storeorchestrator.worker.fencing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * A held store lease. Every fence check renews it and re-reads the store in one statement, so a command that keeps
 * making progress keeps its lease, and one that stalls past the lease's duration finds out at its next step.
 */
public final class StoreLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreLease.class);

    private final StoreLeases leases;
    private final UUID storeId;
    private final String holder;
    private final Duration ttl;

    StoreLease(StoreLeases leases, UUID storeId, String holder, Duration ttl) {
        this.leases = leases;
        this.storeId = storeId;
        this.holder = holder;
        this.ttl = ttl;
    }

    /**
     * Renews the lease and reads the store's status and generation.
     *
     * @throws LeaseLostException when the lease is no longer ours or PostgreSQL cannot be asked
     */
    public Optional<StoreRow> renewAndRead() {
        return leases.renew(storeId, holder, ttl);
    }

    /** Lets the next command of the store run at once instead of after expiry; a failure only delays it. */
    public void release() {
        try {
            leases.release(storeId, holder);
        } catch (SQLException e) {
            LOG.debug("releasing the lease on store {} (it expires by itself): {}", storeId, e.getMessage());
        }
    }

    /**
     * Lets the next command of the store run at once, leaving the lease's row behind (expired) as the mark of when
     * the store was last checked for drift; a failure only delays the next command until expiry.
     */
    public void releaseChecked() {
        try {
            leases.releaseChecked(storeId, holder);
        } catch (SQLException e) {
            LOG.debug("releasing the checked lease on store {} (it expires by itself): {}", storeId, e.getMessage());
        }
    }

    @Override
    public void close() {
        release();
    }
}
