package io.storeorchestrator.common.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps one consumer subscribed to a queue for as long as the service runs, whatever RabbitMQ does: the broker down
 * at start, restarted, the connection cut, the consumer cancelled. A supervisor thread re-subscribes with
 * exponential backoff whenever the channel is gone. Services only say what a delivery means ({@link Handler}).
 *
 * <p>Manual acknowledgements with a prefetch bound what the service holds. Each delivery comes with a
 * {@link Settlement} that may be completed from any thread, at any later time: the worker settles on its command
 * executor once a command is done, the API once the batch holding the event committed. Settling happens under the
 * subscription's lock, since channels are not thread-safe, and is skipped when the channel that delivered the
 * message has been replaced or closed meanwhile: its delivery tag means nothing on another channel, and the broker
 * redelivers every unsettled message of a closed channel anyway.
 */
public final class SupervisedConsumer implements AutoCloseable {

    /** Receives one delivery and the handle that settles it. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Runs on the RabbitMQ client's dispatch thread of the channel, one delivery at a time in queue order; hand
         * long work to another thread. An exception thrown here requeues the delivery.
         */
        void onDelivery(Delivery delivery, Settlement settlement);
    }

    /** How a delivery ends. Thread-safe; the first call wins and later ones do nothing. */
    public interface Settlement {
        /** Done: the broker forgets the message. @return false when it could not be sent (the broker redelivers) */
        boolean ack();

        /** Hand it back to the queue; counts against the queue's delivery limit. */
        boolean requeue();

        /** Never processable: the queue dead-letters it. */
        boolean deadLetter();
    }

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedConsumer.class);
    /** How often the supervisor looks at the subscription; a lost channel also wakes it at once. */
    private static final Duration CHECK_EVERY = Duration.ofMillis(250);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
    /** Set by quorum queues on every redelivery; absent on the first delivery. */
    static final String DELIVERY_COUNT_HEADER = "x-delivery-count";

    private final RabbitConnector connector;
    private final String queue;
    private final int prefetch;
    private final Handler handler;
    private final ScheduledExecutorService supervisor;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Subscription current;
    // Only touched on the supervisor thread.
    private int failedAttempts;
    private long nextAttemptAtNanos;

    /**
     * @param prefetch unsettled deliveries the broker hands this consumer at most (what the service holds at once)
     */
    public SupervisedConsumer(RabbitConnector connector, String queue, int prefetch, Handler handler) {
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1");
        }
        this.connector = connector;
        this.queue = queue;
        this.prefetch = prefetch;
        this.handler = handler;
        this.supervisor = Executors.newSingleThreadScheduledExecutor(
                runnable -> Thread.ofPlatform().name("consumer-" + queue).daemon().unstarted(runnable));
    }

    /** Starts supervising; the first subscription is attempted at once. Nothing fails if the broker is down. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            supervisor.scheduleWithFixedDelay(this::supervise, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** True while a consumer is registered on an open channel. */
    public boolean isConsuming() {
        Subscription subscription = current;
        return subscription != null && subscription.isLive();
    }

    /**
     * Stops taking deliveries (cancels the consumer), waits up to {@code drain} for those already handed out to be
     * settled, then closes the channel; whatever is still unsettled goes back to the queue.
     *
     * @return true when every delivery handed out was settled in time
     */
    public boolean stop(Duration drain) {
        if (!stopping.compareAndSet(false, true)) {
            return true;
        }
        supervisor.shutdownNow();
        try {
            // A subscription attempt in progress finishes before the channel is looked at.
            supervisor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Subscription subscription = current;
        if (subscription == null) {
            return true;
        }
        subscription.cancel();
        boolean drained = subscription.awaitSettled(drain);
        if (!drained) {
            LOG.info("Stopping the consumer of {} with {} deliveries unsettled; the broker redelivers them", queue,
                    subscription.inFlight.get());
        }
        subscription.close();
        current = null;
        return drained;
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    /** How many times the queue delivered this message before: 0 on its first delivery. */
    public static long deliveryCount(Delivery delivery) {
        Map<String, Object> headers = delivery.getProperties().getHeaders();
        Object count = headers == null ? null : headers.get(DELIVERY_COUNT_HEADER);
        return count instanceof Number number ? number.longValue() : 0;
    }

    private void supervise() {
        Subscription subscription = current;
        if (stopping.get() || (subscription != null && subscription.isLive())
                || System.nanoTime() < nextAttemptAtNanos) {
            return;
        }
        if (subscription != null) {
            subscription.close();
            current = null;
            LOG.warn("Consumer of {} lost its channel; re-subscribing", queue);
        }
        try {
            subscribe();
            if (failedAttempts > 0) {
                LOG.info("Consuming {} again after {} failed attempts", queue, failedAttempts);
            } else {
                LOG.info("Consuming {} with prefetch {}", queue, prefetch);
            }
            failedAttempts = 0;
        } catch (IOException | RuntimeException e) {
            failedAttempts++;
            Duration backoff = backoff(failedAttempts);
            nextAttemptAtNanos = System.nanoTime() + backoff.toNanos();
            // Once per outage at WARN; the attempts after that only at DEBUG, so an outage does not flood the log.
            if (failedAttempts == 1) {
                LOG.warn("Cannot consume {} yet ({}); retrying with backoff up to {}s", queue, reason(e),
                        MAX_BACKOFF.toSeconds());
            } else {
                LOG.debug("Cannot consume {} (attempt {}), next in {} ms: {}", queue, failedAttempts,
                        backoff.toMillis(), reason(e));
            }
        }
    }

    private void subscribe() throws IOException {
        Channel channel = connector.openChannel();
        Subscription subscription = new Subscription(channel);
        // Current before the first delivery can arrive, so a handler that settles at once is not refused.
        current = subscription;
        try {
            channel.basicQos(prefetch);
            // A closed channel (connection lost, channel error) wakes the supervisor instead of waiting for its tick.
            channel.addShutdownListener(cause -> wakeSupervisor());
            subscription.consumerTag = channel.basicConsume(queue, false,
                    (tag, delivery) -> subscription.deliver(delivery),
                    tag -> subscription.cancelledByBroker());
        } catch (IOException | RuntimeException e) {
            current = null;
            subscription.close();
            throw e;
        }
    }

    private void wakeSupervisor() {
        if (!stopping.get()) {
            try {
                supervisor.execute(this::supervise);
            } catch (RuntimeException e) {
                // shutting down
            }
        }
    }

    /** The client wraps channel errors (404 NOT_FOUND ...) in an IOException without a message of its own. */
    private static String reason(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return error.getClass().getSimpleName();
    }

    static Duration backoff(int failedAttempts) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(failedAttempts - 1, 10);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private enum Outcome { ACK, REQUEUE, DEAD_LETTER }

    /** One channel with one consumer on it. Everything that touches the channel holds {@link #lock}. */
    private final class Subscription {
        private final Channel channel;
        private final Object lock = new Object();
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile String consumerTag;
        private volatile boolean cancelled;

        Subscription(Channel channel) {
            this.channel = channel;
        }

        boolean isLive() {
            return !cancelled && channel.isOpen();
        }

        void deliver(Delivery delivery) {
            if (stopping.get()) {
                return; // never settled: the broker hands it back when the channel closes
            }
            inFlight.incrementAndGet();
            Settlement settlement = new Handle(this, delivery.getEnvelope().getDeliveryTag());
            try {
                handler.onDelivery(delivery, settlement);
            } catch (RuntimeException e) {
                LOG.error("Handler of {} failed on message {}; requeueing it", queue,
                        delivery.getProperties().getMessageId(), e);
                settlement.requeue();
            }
        }

        boolean settle(long tag, Outcome outcome) {
            try {
                synchronized (lock) {
                    if (current != this || !channel.isOpen()) {
                        LOG.debug("Not settling delivery {} of {}: its channel is gone, the broker redelivers it",
                                tag, queue);
                        return false;
                    }
                    switch (outcome) {
                        case ACK -> channel.basicAck(tag, false);
                        case REQUEUE -> channel.basicNack(tag, false, true);
                        case DEAD_LETTER -> channel.basicReject(tag, false);
                    }
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not {} a delivery of {}; the broker redelivers it: {}", outcome, queue, e.getMessage());
                return false;
            } finally {
                inFlight.decrementAndGet();
            }
        }

        void cancelledByBroker() {
            // The queue was deleted or its leader moved; the supervisor replaces this channel.
            cancelled = true;
            LOG.warn("The broker cancelled the consumer of {}", queue);
            wakeSupervisor();
        }

        void cancel() {
            synchronized (lock) {
                if (consumerTag != null && channel.isOpen()) {
                    try {
                        channel.basicCancel(consumerTag);
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("cancelling the consumer of {}", queue, e);
                    }
                }
            }
        }

        boolean awaitSettled(Duration drain) {
            long deadline = System.nanoTime() + drain.toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return inFlight.get() == 0;
        }

        void close() {
            synchronized (lock) {
                try {
                    if (channel.isOpen()) {
                        channel.close();
                    }
                } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
                    try {
                        channel.abort();
                    } catch (IOException | RuntimeException ignored) {
                        // the connection is gone with it
                    }
                }
            }
        }
    }

    /** The settlement of one delivery. */
    private static final class Handle implements Settlement {
        private final Subscription from;
        private final long tag;
        private final AtomicBoolean settled = new AtomicBoolean();

        Handle(Subscription from, long tag) {
            this.from = from;
            this.tag = tag;
        }

        @Override
        public boolean ack() {
            return settle(Outcome.ACK);
        }

        @Override
        public boolean requeue() {
            return settle(Outcome.REQUEUE);
        }

        @Override
        public boolean deadLetter() {
            return settle(Outcome.DEAD_LETTER);
        }

        private boolean settle(Outcome outcome) {
            return settled.compareAndSet(false, true) && from.settle(tag, outcome);
        }
    }
}
