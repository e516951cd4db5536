package io.storeorchestrator.worker.tracing;

import com.rabbitmq.client.Delivery;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.tracing.TraceLogging;
import io.storeorchestrator.common.tracing.Tracing;
import io.storeorchestrator.worker.flow.CommandResult;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The worker's spans: a CONSUMER span per command delivery, a child of the context its message carried (so a store's
 * trace runs from the API request through the outbox and every wake-up), a span per stage and per step, and the
 * trace id in the logs. Kubernetes calls become children of the step that makes them (common's client), and the
 * events a step publishes carry its context on to the API.
 *
 * <p>A store woken by a watch event continues the trace of the delivery that parked it, remembered here (memory only,
 * like the parked stores themselves): until a delivery of the store ends here without parking, or a minute past its
 * deadline (it may have finished on another worker), and for {@value #MAX_REMEMBERED} stores at most. With tracing off
 * every method only runs its work.
 */
@Singleton
public final class WorkerTraces {

    static final int MAX_REMEMBERED = 20_000;
    private static final String OUTCOME = "store_orchestrator.outcome";
    private static final java.time.Duration KEEP_PAST_DEADLINE = java.time.Duration.ofMinutes(1);

    private record Parked(Context context, java.time.Instant forgetAfter) {
    }

    private final Tracing tracing;
    private final Map<UUID, Parked> parked = new ConcurrentHashMap<>();

    public WorkerTraces(Tracing tracing) {
        this.tracing = tracing;
    }

    public static WorkerTraces off() {
        return new WorkerTraces(Tracing.off());
    }

    /** A delivery of {@code command} from the commands queue, as the child of the trace its message carried. */
    public CommandResult delivery(Delivery delivery, String queue, StoreCommand command,
                                  Supplier<CommandResult> work) {
        if (!tracing.enabled()) {
            return work.get();
        }
        Context parent = Tracing.extract(delivery.getProperties().getHeaders());
        Span span = commandSpan("process " + queue, SpanKind.CONSUMER, parent, command)
                .setAttribute("messaging.system", "rabbitmq")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", queue)
                .setAttribute("messaging.message.id", String.valueOf(delivery.getProperties().getMessageId()))
                .startSpan();
        return run(span, work);
    }

    /** A parked store looked at again because a watch event touched it: continues the trace that parked it. */
    public CommandResult watchWake(StoreCommand command, Supplier<CommandResult> work) {
        if (!tracing.enabled()) {
            return work.get();
        }
        Parked remembered = parked.get(command.storeId());
        Context parent = remembered == null ? Context.root() : remembered.context();
        return run(commandSpan("watch wake-up", SpanKind.INTERNAL, parent, command).startSpan(), work);
    }

    /** A stage of a flow: its steps run in parallel under it. */
    public void stage(List<StepName> steps, Runnable work) {
        if (!tracing.enabled()) {
            work.run();
            return;
        }
        String names = steps.stream().map(StepName::id).collect(Collectors.joining("|"));
        Span span = tracing.span("stage " + names, SpanKind.INTERNAL).startSpan();
        run(span, () -> {
            work.run();
            return null;
        });
    }

    /** One step; a failure ends its span as an error. */
    public <T> T step(StepName step, Supplier<T> work) {
        if (!tracing.enabled()) {
            return work.get();
        }
        return run(tracing.span("step " + step.id(), SpanKind.INTERNAL).setAttribute("store_orchestrator.step",
                step.id()).startSpan(), work);
    }

    /** {@code task} run on another thread in the current trace context. */
    public <T> Supplier<T> propagate(Supplier<T> task) {
        return tracing.enabled() ? Context.current().wrapSupplier(task) : task;
    }

    /** The store parks now, until {@code deadline} at the latest: a watch wake-up continues the current trace. */
    public void parked(UUID storeId, java.time.Instant deadline) {
        if (!tracing.enabled()) {
            return;
        }
        if (parked.size() >= MAX_REMEMBERED && !parked.containsKey(storeId)) {
            java.time.Instant now = java.time.Instant.now();
            parked.values().removeIf(entry -> entry.forgetAfter().isBefore(now));
            if (parked.size() >= MAX_REMEMBERED) {
                return;
            }
        }
        parked.put(storeId, new Parked(Context.current(), deadline.plus(KEEP_PAST_DEADLINE)));
    }

    /** Stores whose wake-ups would continue a remembered trace (for tests). */
    int remembered() {
        return parked.size();
    }

    /** A delivery of the store ended: nothing to remember unless it parked. */
    public void settled(UUID storeId, CommandResult result) {
        if (tracing.enabled() && result != CommandResult.PARKED) {
            parked.remove(storeId);
        }
    }

    private io.opentelemetry.api.trace.SpanBuilder commandSpan(String name, SpanKind kind, Context parent,
                                                               StoreCommand command) {
        return tracing.span(name, kind).setParent(parent)
                .setAttribute("store_orchestrator.store.id", command.storeId().toString())
                .setAttribute("store_orchestrator.store.generation", command.generation())
                .setAttribute("store_orchestrator.command.id", command.commandId().toString())
                .setAttribute("store_orchestrator.command.type", command.type().routingKey())
                .setAttribute("store_orchestrator.resume_at", String.valueOf(command.resumeAt()));
    }

    private static <T> T run(Span span, Supplier<T> work) {
        try (Scope ignored = span.makeCurrent(); TraceLogging.Restore logging = TraceLogging.putCurrent()) {
            T result = work.get();
            if (result instanceof CommandResult outcome) {
                span.setAttribute(OUTCOME, outcome.name().toLowerCase(java.util.Locale.ROOT));
                if (outcome == CommandResult.FAILED) {
                    span.setStatus(StatusCode.ERROR, "store failed");
                }
            }
            return result;
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }
}
