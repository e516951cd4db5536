package io.storeorchestrator.common.domain;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.storeorchestrator.common.domain.StoreStatus.*;

/**
 * The one place that knows which lifecycle moves are legal; every service asks it.
 *
 * <pre>
 * QUEUED → PROVISIONING → READY
 * QUEUED | PROVISIONING → FAILED        (a step failed, a pod crashed, or the deadline passed)
 * FAILED → QUEUED                       (retry)
 * READY → UPDATING → READY              (an update or rollback applied, or an update rolled back automatically)
 * UPDATING → UPDATING                   (a newer update supersedes one in flight)
 * UPDATING → FAILED                     (an update failed and so did its rollback)
 * READY → PROVISIONING                  (the store's namespace vanished; it is provisioned again)
 * READY → RESTORING → READY            (a restore from a backup, or one that failed and put the store back as it was)
 * RESTORING → FAILED                    (a restore failed and so did putting the store back)
 * any live state → DELETING → DELETED
 * </pre>
 */
public final class StoreStateMachine {

    private static final Map<StoreStatus, Set<StoreStatus>> ALLOWED = new EnumMap<>(StoreStatus.class);

    static {
        ALLOWED.put(QUEUED, EnumSet.of(PROVISIONING, FAILED, DELETING));
        ALLOWED.put(PROVISIONING, EnumSet.of(READY, FAILED, DELETING));
        ALLOWED.put(READY, EnumSet.of(UPDATING, PROVISIONING, DELETING, RESTORING));
        ALLOWED.put(UPDATING, EnumSet.of(READY, UPDATING, FAILED, DELETING));
        ALLOWED.put(FAILED, EnumSet.of(QUEUED, DELETING));
        ALLOWED.put(DELETING, EnumSet.of(DELETED));
        ALLOWED.put(DELETED, EnumSet.noneOf(StoreStatus.class));
        // Backups and restore (issue 11)
        ALLOWED.put(RESTORING, EnumSet.of(READY, FAILED, DELETING));
    }

    private StoreStateMachine() {
    }

    public static boolean canTransition(StoreStatus from, StoreStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** @throws IllegalTransitionException when {@code from → to} is not a legal move */
    public static void requireTransition(StoreStatus from, StoreStatus to) {
        if (!canTransition(from, to)) {
            throw new IllegalTransitionException(from, to);
        }
    }

    public static Set<StoreStatus> allowedFrom(StoreStatus from) {
        Set<StoreStatus> allowed = ALLOWED.get(from);
        return allowed.isEmpty() ? EnumSet.noneOf(StoreStatus.class) : EnumSet.copyOf(allowed);
    }
}
