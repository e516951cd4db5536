package io.storeorchestrator.worker.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.tracing.Tracing;
import io.storeorchestrator.worker.flow.CommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerTracesTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final WorkerTraces traces = new WorkerTraces(Tracing.of(provider));

    @AfterEach
    void close() {
        provider.close();
    }

    private static StoreCommand command() {
        UUID store = UUID.randomUUID();
        return new StoreCommand(UUID.randomUUID(), CommandType.PROVISION, store, "shop", Engine.WOOCOMMERCE, 1,
                "store-" + store, "shop.localtest.me", Instant.now().plusSeconds(600), Instant.now(), null);
    }

    @Test
    void aWatchWakeUpContinuesTheTraceThatParkedTheStoreUntilItSettles() {
        StoreCommand command = command();
        Span delivery = provider.get("test").spanBuilder("process store.commands").startSpan();
        try (Scope ignored = delivery.makeCurrent()) {
            traces.parked(command.storeId(), command.deadline());
        } finally {
            delivery.end();
        }
        traces.watchWake(command, () -> traces.step(StepName.WAIT_READY, () -> CommandResult.READY));
        traces.settled(command.storeId(), CommandResult.READY);
        assertThat(traces.remembered()).isZero();

        SpanData wake = span("watch wake-up");
        assertThat(wake.getTraceId()).isEqualTo(delivery.getSpanContext().getTraceId());
        assertThat(wake.getParentSpanId()).isEqualTo(delivery.getSpanContext().getSpanId());
        assertThat(wake.getAttributes().asMap().toString()).contains("store_orchestrator.outcome=ready");
        assertThat(span("step wait-ready").getParentSpanId()).isEqualTo(wake.getSpanId());
    }

    @Test
    void stepsOnOtherThreadsStayInTheTraceAndFailuresMarkTheirSpan() throws Exception {
        traces.stage(List.of(StepName.DATABASE, StepName.APPLICATION), () -> {
            var task = traces.propagate(() -> traces.step(StepName.DATABASE, () -> "ok"));
            try {
                assertThat(Thread.ofVirtual().start(() -> task.get()).join(Duration.ofSeconds(5))).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertThatThrownBy(() -> traces.step(StepName.APPLICATION, () -> {
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
        });
        SpanData stage = span("stage database|application");
        assertThat(span("step database").getParentSpanId()).isEqualTo(stage.getSpanId());
        assertThat(span("step application").getStatus().getStatusCode().name()).isEqualTo("ERROR");
    }

    @Test
    void offItOnlyRunsTheWorkAndRemembersNothing() {
        WorkerTraces off = WorkerTraces.off();
        StoreCommand command = command();
        off.parked(command.storeId(), command.deadline());
        assertThat(off.remembered()).isZero();
        assertThat(off.watchWake(command, () -> CommandResult.PARKED)).isEqualTo(CommandResult.PARKED);
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }

    private SpanData span(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + exporter.getFinishedSpanItems()));
    }
}
