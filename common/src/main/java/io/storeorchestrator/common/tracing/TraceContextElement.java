package io.storeorchestrator.common.tracing;

import io.micronaut.core.propagation.ThreadPropagatedContextElement;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Carries an OpenTelemetry context along Micronaut's propagated context, so a request's span is current (and its
 * trace id in the logs) on whatever thread the request runs: the event loop, then a {@code @ExecuteOn} executor.
 */
public record TraceContextElement(Context context) implements ThreadPropagatedContextElement<TraceContextElement.State> {

    /** What {@link #updateThreadContext} changed, to undo it. */
    public record State(Scope scope, TraceLogging.Restore logging) {
    }

    @Override
    public State updateThreadContext() {
        Scope scope = context.makeCurrent();
        return new State(scope, TraceLogging.put(context));
    }

    @Override
    public void restoreThreadContext(State state) {
        state.logging().close();
        state.scope().close();
    }
}
