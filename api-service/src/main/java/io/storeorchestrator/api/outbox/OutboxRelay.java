package io.storeorchestrator.api.outbox;

import io.github.resilience4j.core.IntervalFunction;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.common.messaging.BrokerUnavailableException;
import io.storeorchestrator.common.messaging.ConfirmingPublisher;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes outbox rows to RabbitMQ with publisher confirms. A row is marked published in the transaction that
 * claimed it, which commits only after the broker confirmed it, so a crash or outage at any point leaves it pending
 * for the next try (at-least-once; consumers deduplicate by message id).
 *
 * <p>Runs on one thread per replica: every {@code OUTBOX_POLL_INTERVAL}, and at once when an intent was committed.
 * Under load it lingers a moment before claiming, so one round (one claim, one confirm, one commit) carries many rows
 * instead of one. While the broker or the database is down it backs off exponentially and says so once per outage,
 * not per tick.
 */
@Singleton
public class OutboxRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /**
     * How long a woken relay waits before claiming when the previous round found rows: at 200 creates a second a
     * round then carries a handful of commands, and an idle relay still publishes a lone command at once.
     */
    private static final Duration LINGER = Duration.ofMillis(20);

    private final OutboxRepository outbox;
    private final TransactionOperations<Connection> transactions;
    private final ConfirmingPublisher publisher;
    private final Duration pollInterval;
    private final int batchSize;
    private final IntervalFunction backoff;

    private final Semaphore wakeUps = new Semaphore(0);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running = true;
    private int consecutiveFailures;

    public OutboxRelay(OutboxRepository outbox, TransactionOperations<Connection> transactions,
                       ConfirmingPublisher publisher, ApiConfig config) {
        this.outbox = outbox;
        this.transactions = transactions;
        this.publisher = publisher;
        this.pollInterval = config.outboxPollInterval();
        this.batchSize = config.outboxBatchSize();
        this.backoff = IntervalFunction.ofExponentialBackoff(pollInterval.isZero() ? Duration.ofMillis(100) : pollInterval,
                2.0, MAX_BACKOFF);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        start();
    }

    public void start() {
        if (started.compareAndSet(false, true)) {
            thread.execute(this::loop);
        }
    }

    /** Call after committing an outbox row, so its command goes out without waiting for the poll. */
    public void wake() {
        wakeUps.release();
    }

    /** {@link #wake} now, or, inside a transaction (an Idempotency-Key's), once it has committed the outbox row. */
    public void wakeAfterCommit(TransactionOperations<Connection> transactions) {
        transactions.findTransactionStatus().ifPresentOrElse(
                transaction -> transaction.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        wake();
                    }
                }),
                this::wake);
    }

    @PreDestroy
    public void stop() {
        running = false;
        stopped.countDown();
        wakeUps.release();
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (running) {
            int published = 0;
            try {
                published = relayOnce();
                recovered();
            } catch (BrokerUnavailableException e) {
                failed("RabbitMQ is unavailable", e);
            } catch (RuntimeException e) {
                failed("the database is unavailable or refused the outbox query", e);
            }
            if (published < batchSize) {
                waitForNextRound(published > 0);
            }
        }
    }

    /**
     * Claims a batch (marking it published), publishes it, and commits once the broker confirmed it.
     *
     * @return how many rows were published
     */
    public int relayOnce() {
        List<Long> claimed = new ArrayList<>();
        try {
            return transactions.executeWrite(status -> {
                List<OutboxEntry> batch = outbox.claimForPublishing(batchSize);
                batch.forEach(entry -> claimed.add(entry.id()));
                if (!batch.isEmpty()) {
                    publisher.publishAll(batch.stream().map(OutboxEntry::message).toList());
                }
                return batch.size();
            });
        } catch (BrokerUnavailableException e) {
            // The claim rolled back with the transaction; note the failure in a short one of its own.
            recordFailure(claimed, e);
            throw e;
        }
    }

    private void recordFailure(List<Long> ids, BrokerUnavailableException cause) {
        try {
            transactions.executeWrite(status -> {
                outbox.recordFailure(ids, cause.getMessage());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("could not record the outbox publish failure", e);
        }
    }

    private void failed(String what, RuntimeException e) {
        consecutiveFailures++;
        if (consecutiveFailures == 1) {
            LOG.warn("Outbox relay paused: {} ({}); retrying with backoff up to {}", what, e.getMessage(), MAX_BACKOFF);
            LOG.debug("outbox relay failure", e);
        }
    }

    private void recovered() {
        if (consecutiveFailures > 0) {
            LOG.info("Outbox relay resumed after {} failed attempts", consecutiveFailures);
            consecutiveFailures = 0;
        }
    }

    private void waitForNextRound(boolean busy) {
        try {
            if (consecutiveFailures > 0) {
                // Backing off: commits do not shorten the wait, or every request would hammer a broker that is down.
                stopped.await(backoff.apply(consecutiveFailures), TimeUnit.MILLISECONDS);
            } else {
                boolean woken = wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                if (woken && busy) {
                    stopped.await(LINGER.toMillis(), TimeUnit.MILLISECONDS);
                }
                wakeUps.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
