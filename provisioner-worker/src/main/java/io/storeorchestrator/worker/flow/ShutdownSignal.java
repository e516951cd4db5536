package io.storeorchestrator.worker.flow;

import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Raised once when the worker stops; running commands see it at their next step boundary or wait. */
@Singleton
public final class ShutdownSignal {

    private final CountDownLatch stopped = new CountDownLatch(1);

    public void stop() {
        stopped.countDown();
    }

    public boolean isStopping() {
        return stopped.getCount() == 0;
    }

    /**
     * Waits {@code duration}, waking at once when the worker stops.
     *
     * @return false when the worker is stopping (the caller should give up)
     */
    public boolean pause(Duration duration) {
        try {
            return !stopped.await(Math.max(1, duration.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
