package io.storeorchestrator.common.kubernetes;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A client-side token bucket, as client-go puts in front of every API server client: {@code qps} tokens a second,
 * at most {@code burst} saved up. A request takes a token or waits for the next one, so however many stores a
 * process works on at once, the API server sees at most {@code qps} requests a second from it on average (it would
 * otherwise answer a burst with 429s, or slow down for everyone).
 *
 * <p>Waits are reserved under the lock and slept outside it, in arrival order. How long requests waited in total is
 * kept ({@link #waited()}), so throttling shows on a dashboard rather than as unexplained slowness.
 */
public final class RequestRateLimiter {

    private final double tokensPerNano;
    private final double burst;
    private double tokens;
    private long refilledAt;
    private final LongAdder requests = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder waitedNanos = new LongAdder();

    public RequestRateLimiter(double qps, int burst) {
        if (!(qps > 0) || burst < 1) {
            throw new IllegalArgumentException("qps must be positive and burst at least 1");
        }
        this.tokensPerNano = qps / TimeUnit.SECONDS.toNanos(1);
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
    }

    public static RequestRateLimiter of(KubernetesSettings settings) {
        return new RequestRateLimiter(settings.qps(), settings.burst());
    }

    /** Takes a token, waiting for one if the bucket is empty. An interrupt ends the wait early (and is kept). */
    public void acquire() {
        long wait = reserve(System.nanoTime());
        requests.increment();
        if (wait <= 0) {
            return;
        }
        throttled.increment();
        long until = System.nanoTime() + wait;
        long left = wait;
        while (left > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(left);
            left = until - System.nanoTime();
        }
        waitedNanos.add(wait - Math.max(left, 0));
    }

    /** Takes a token at {@code now} (possibly one not there yet) and says how long to wait for it, in nanoseconds. */
    synchronized long reserve(long now) {
        tokens = Math.min(burst, tokens + (now - refilledAt) * tokensPerNano);
        refilledAt = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerNano);
    }

    /** Requests that went through the limiter. */
    public long requests() {
        return requests.sum();
    }

    /** Requests that had to wait for a token. */
    public long throttledRequests() {
        return throttled.sum();
    }

    /** How long requests waited for tokens, in total. */
    public Duration waited() {
        return Duration.ofNanos(waitedNanos.sum());
    }
}
