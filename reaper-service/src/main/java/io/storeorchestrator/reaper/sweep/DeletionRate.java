package io.storeorchestrator.reaper.sweep;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces deletions at most {@code perSecond} apart, however many run in parallel: each caller reserves the next free
 * slot and waits for it. No burst: a backlog is drained at a steady pace the API server can absorb.
 */
public final class DeletionRate {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long nextFree;
    private boolean started;

    /** @param nanoTime a monotonic clock, {@code System::nanoTime} outside tests */
    public DeletionRate(double perSecond, LongSupplier nanoTime) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("deletions per second must be positive, got " + perSecond);
        }
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
        this.nanoTime = nanoTime;
    }

    /** Reserves the next slot and says how long to wait for it; the pure half of {@link #acquire()}. */
    public synchronized Duration reserve() {
        long now = nanoTime.getAsLong();
        if (!started || nextFree - now < 0) {
            nextFree = now;
            started = true;
        }
        long wait = nextFree - now;
        nextFree += intervalNanos;
        return Duration.ofNanos(wait);
    }

    /** Blocks until this caller may delete. */
    public void acquire() throws InterruptedException {
        Duration wait = reserve();
        if (wait.isPositive()) {
            Thread.sleep(wait);
        }
    }
}
