package io.storeorchestrator.reaper.sweep;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * One pass of a sweep.
 *
 * @param now     the instant every decision of this pass is taken against
 * @param leading whether this replica still holds the lease; checked before every action, so a replica that has
 *                just lost leadership stops acting at once instead of finishing its pass
 */
public record SweepRun(Instant now, BooleanSupplier leading) {

    /** @throws LeadershipLostException when this replica is no longer the leader */
    public void checkLeading() {
        if (!leading.getAsBoolean()) {
            throw new LeadershipLostException();
        }
    }

    /** Thrown to abandon a pass when leadership was lost in the middle of it. */
    public static final class LeadershipLostException extends RuntimeException {
        LeadershipLostException() {
            super("leadership lost", null, false, false);
        }
    }
}
