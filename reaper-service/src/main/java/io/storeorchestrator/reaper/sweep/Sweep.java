package io.storeorchestrator.reaper.sweep;

/**
 * One kind of cleanup the leader runs every interval. A pass that throws is logged and retried at the next interval;
 * it never stops the other sweeps or the schedule.
 */
public interface Sweep {

    /** Short name used in logs and as the {@code sweep} tag of {@code reaper_sweeps_total}. */
    String name();

    void run(SweepRun run);
}
