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
    private volatile boolean handedOver;

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

    /**
     * The holder a command takes the lease as when it was handed the lease by the command before it: an automatic
     * rollback, which must run before a wake-up of the update it undoes can look at the store again.
     */
    public static String handedTo(UUID commandId) {
        return "handed-to:" + commandId;
    }

    /**
     * Passes the lease to the command {@code commandId} (which takes it as {@link #handedTo}) instead of releasing it,
     * so no other command of the store runs before that one. If it is no longer ours, the next command simply waits
     * for whoever has it.
     */
    public void handOver(UUID commandId) {
        handedOver = true;
        try {
            if (!leases.handOver(storeId, holder, handedTo(commandId), ttl)) {
                LOG.debug("lease on store {} was no longer ours to hand over", storeId);
            }
        } catch (SQLException e) {
            LOG.debug("handing over the lease on store {} (it expires by itself): {}", storeId, e.getMessage());
        }
    }

    /** Lets the next command of the store run at once instead of after expiry; a failure only delays it. */
    public void release() {
        if (handedOver) {
            return;
        }
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
