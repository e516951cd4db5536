package io.storeorchestrator.worker.messaging;

import com.rabbitmq.client.Delivery;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.storeorchestrator.common.messaging.MalformedMessageException;
import io.storeorchestrator.common.messaging.MessageCodec;
import io.storeorchestrator.common.messaging.RabbitConnector;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.SupervisedConsumer;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.flow.CommandProcessor;
import io.storeorchestrator.worker.flow.CommandResult;
import io.storeorchestrator.worker.flow.ShutdownSignal;
import io.storeorchestrator.worker.flow.WaitingStores;
import io.storeorchestrator.worker.kube.WorkloadWatch;
import io.storeorchestrator.worker.tracing.WorkerTraces;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decodes commands and hands them to the {@link CommandProcessor}; nothing else. The prefetch of WORKER_CONCURRENCY
 * bounds the deliveries a worker holds; each runs on a virtual thread and is settled when it ends, which is soon: a
 * store that has to wait is parked, not held. Subscribing, re-subscribing and settling are common's
 * {@link SupervisedConsumer}.
 */
@Singleton
public final class CommandConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(CommandConsumer.class);
    /** How long shutdown lets running commands reach a step boundary; the rest are redelivered anyway. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final CommandProcessor processor;
    private final ShutdownSignal shutdown;
    private final WorkerMetrics metrics;
    private final WorkloadWatch watch;
    private final WaitingStores waiting;
    private final WorkerTraces traces;
    private final SupervisedConsumer consumer;
    private final String queue;
    private final ExecutorService commands = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("command-", 1).factory());
    private final AtomicBoolean stopped = new AtomicBoolean();

    public CommandConsumer(RabbitConnector connector, CommandProcessor processor, ShutdownSignal shutdown,
                           WorkerMetrics metrics, WorkerConfig config, WorkloadWatch watch, WaitingStores waiting,
                           WorkerTraces traces) {
        this.processor = processor;
        this.traces = traces;
        this.shutdown = shutdown;
        this.metrics = metrics;
        this.watch = watch;
        this.waiting = waiting;
        this.queue = connector.topology().commandsQueue();
        this.consumer = new SupervisedConsumer(connector, queue, config.concurrency(),
                (delivery, settlement) -> commands.execute(() -> handle(delivery, settlement)));
    }

    @EventListener
    void onStartup(StartupEvent event) {
        watch.onChange(waiting::namespaceChanged);
        watch.start();
        consumer.start();
    }

    /** Whether the worker currently consumes (for tests and diagnostics). */
    public boolean isConsuming() {
        return consumer.isConsuming();
    }

    private void handle(Delivery delivery, SupervisedConsumer.Settlement settlement) {
        String messageId = delivery.getProperties().getMessageId();
        StoreCommand command;
        try {
            command = MessageCodec.decode(delivery.getBody(), StoreCommand.class);
        } catch (MalformedMessageException e) {
            // Never retried, never dropped: the quorum queue dead-letters it for a person to look at.
            LOG.error("Dead-lettering malformed command (message id {}): {}", messageId, e.getMessage());
            metrics.deadLettered();
            settlement.deadLetter();
            return;
        }
        try {
            long deliveryCount = SupervisedConsumer.deliveryCount(delivery);
            CommandResult result = traces.delivery(delivery, queue, command,
                    () -> processor.process(command, deliveryCount));
            switch (result.settlement()) {
                case ACK -> settlement.ack();
                case REQUEUE -> settlement.requeue();
                case REJECT -> settlement.deadLetter();
            }
        } catch (RuntimeException e) {
            // Reporting failed too (the broker went away mid-command): requeue; nothing was acked, nothing is lost.
            LOG.error("Command {} (message id {}) could not be finished; requeueing", command.commandId(), messageId, e);
            settlement.requeue();
        }
    }

    /** Stop consuming, let running commands reach a step boundary, then close; unsettled ones are redelivered. */
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
        consumer.stop(DRAIN_TIMEOUT);
        commands.shutdown();
        try {
            commands.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watch.close();
    }
}
