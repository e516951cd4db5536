package io.storeorchestrator.worker.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.storeorchestrator.common.messaging.MalformedMessageException;
import io.storeorchestrator.common.messaging.MessageCodec;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.flow.CommandProcessor;
import io.storeorchestrator.worker.flow.CommandResult;
import io.storeorchestrator.worker.flow.ShutdownSignal;
import io.storeorchestrator.worker.flow.WaitingStores;
import io.storeorchestrator.worker.kube.WorkloadWatch;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes commands off the queue and hands them to the {@link CommandProcessor}; nothing else. Manual acks with a
 * prefetch of WORKER_CONCURRENCY bound the deliveries a worker holds; each runs on a virtual thread and is settled
 * when it ends, which is soon: a store that has to wait is parked, not held.
 *
 * <p>A supervisor re-subscribes whenever the channel is gone (broker down at start, broker restarted, consumer
 * cancelled), backing off while RabbitMQ stays away. Unacked commands of a lost channel are redelivered by the
 * broker, so re-subscribing never loses one.
 */
@Singleton
public final class CommandConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(CommandConsumer.class);
    private static final Duration SUPERVISOR_PERIOD = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How long shutdown lets running commands reach a step boundary; the rest are redelivered anyway. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final RabbitConnector connector;
    private final CommandProcessor processor;
    private final ShutdownSignal shutdown;
    private final WorkerMetrics metrics;
    private final int concurrency;
    private final ExecutorService commands;
    private final WorkloadWatch watch;
    private final WaitingStores waiting;
    private final ScheduledExecutorService supervisor;

    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile Channel channel;
    private volatile String consumerTag;
    private int failedAttempts;
    private Instant nextAttemptAt = Instant.MIN;

    public CommandConsumer(RabbitConnector connector, CommandProcessor processor, ShutdownSignal shutdown,
                           WorkerMetrics metrics, WorkerConfig config, WorkloadWatch watch, WaitingStores waiting) {
        this.watch = watch;
        this.waiting = waiting;
        this.connector = connector;
        this.processor = processor;
        this.shutdown = shutdown;
        this.metrics = metrics;
        this.concurrency = config.concurrency();
        this.commands = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("command-", 1).factory());
        this.supervisor = Executors.newSingleThreadScheduledExecutor(
                runnable -> Thread.ofPlatform().name("consumer-supervisor").daemon().unstarted(runnable));
    }

    @EventListener
    void onStartup(StartupEvent event) {
        watch.onChange(waiting::namespaceChanged);
        watch.start();
        supervisor.scheduleWithFixedDelay(this::ensureSubscribed, 0, SUPERVISOR_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Whether the worker currently consumes (for tests and diagnostics). */
    public boolean isConsuming() {
        Channel current = channel;
        return current != null && current.isOpen();
    }

    private void ensureSubscribed() {
        if (shutdown.isStopping() || isConsuming() || Instant.now().isBefore(nextAttemptAt)) {
            return;
        }
        abortQuietly(channel);
        channel = null;
        String queue = connector.topology().commandsQueue();
        try {
            Channel fresh = connector.openChannel();
            fresh.basicQos(concurrency);
            consumerTag = fresh.basicConsume(queue, false, (tag, delivery) -> dispatch(fresh, delivery),
                    tag -> LOG.warn("Consumer of {} was cancelled by the broker; re-subscribing", queue));
            channel = fresh;
            failedAttempts = 0;
            LOG.info("Consuming {} with prefetch {}", queue, concurrency);
        } catch (IOException | RuntimeException e) {
            failedAttempts++;
            Duration backoff = backoff(failedAttempts);
            nextAttemptAt = Instant.now().plus(backoff);
            LOG.warn("Cannot consume {} (attempt {}), retrying in {}s: {}", queue, failedAttempts,
                    backoff.toSeconds(), e.getMessage());
        }
    }

    private void dispatch(Channel from, Delivery delivery) {
        commands.execute(() -> handle(from, delivery));
    }

    private void handle(Channel from, Delivery delivery) {
        long tag = delivery.getEnvelope().getDeliveryTag();
        String messageId = delivery.getProperties().getMessageId();
        StoreCommand command;
        try {
            command = MessageCodec.decode(delivery.getBody(), StoreCommand.class);
        } catch (MalformedMessageException e) {
            // Never retried, never dropped: the quorum queue dead-letters it for a person to look at.
            LOG.error("Dead-lettering malformed command (message id {}): {}", messageId, e.getMessage());
            metrics.deadLettered();
            settle(from, tag, messageId, CommandResult.Settlement.REJECT);
            return;
        }
        try {
            CommandResult result = processor.process(command, deliveryCount(delivery));
            settle(from, tag, messageId, result.settlement());
        } catch (RuntimeException e) {
            // Reporting failed too (the broker went away mid-command): requeue; nothing was acked, nothing is lost.
            LOG.error("Command {} (message id {}) could not be finished; requeueing", command.commandId(), messageId, e);
            settle(from, tag, messageId, CommandResult.Settlement.REQUEUE);
        }
    }

    /** How often the quorum queue delivered the message before; the header is absent on the first delivery. */
    static long deliveryCount(Delivery delivery) {
        Map<String, Object> headers = delivery.getProperties().getHeaders();
        Object count = headers == null ? null : headers.get("x-delivery-count");
        return count instanceof Number number ? number.longValue() : 0;
    }

    private void settle(Channel from, long tag, String messageId, CommandResult.Settlement settlement) {
        // Channels are not thread-safe; acks from the command threads take turns on the channel that delivered.
        synchronized (from) {
            if (!from.isOpen()) {
                LOG.info("Channel closed before settling message {}; the broker redelivers it", messageId);
                return;
            }
            try {
                switch (settlement) {
                    case ACK -> from.basicAck(tag, false);
                    case REQUEUE -> from.basicNack(tag, false, true);
                    case REJECT -> from.basicReject(tag, false);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not {} message {}; the broker redelivers it: {}", settlement, messageId, e.getMessage());
            }
        }
    }

    /** Stop consuming, let running commands reach a step boundary, then close; unacked ones are redelivered. */
    @EventListener
    void onShutdown(ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Stopping: no new commands; waiting up to {}s for running ones", DRAIN_TIMEOUT.toSeconds());
        shutdown.stop();
        supervisor.shutdownNow();
        Channel current = channel;
        if (current != null && current.isOpen() && consumerTag != null) {
            try {
                current.basicCancel(consumerTag);
            } catch (IOException | RuntimeException ignored) {
                // closing the channel below stops the consumer as well
            }
        }
        commands.shutdown();
        try {
            if (!commands.awaitTermination(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                commands.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            commands.shutdownNow();
        }
        abortQuietly(current);
        channel = null;
    }

    private static Duration backoff(int failedAttempts) {
        long seconds = 1L << Math.min(failedAttempts - 1, 5);
        Duration backoff = Duration.ofSeconds(seconds);
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    private static void abortQuietly(Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.abort();
        } catch (IOException | RuntimeException e) {
            LOG.debug("aborting consumer channel", e);
        }
    }
}
