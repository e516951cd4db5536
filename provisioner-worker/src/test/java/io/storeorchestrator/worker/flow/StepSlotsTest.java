package io.storeorchestrator.worker.flow;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class StepSlotsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void neverMoreStepsAtOnceThanTheConfiguredConcurrency() throws Exception {
        StepSlots slots = slots(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch letThemFinish = new CountDownLatch(1);

        List<CompletableFuture<Void>> steps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            steps.add(CompletableFuture.runAsync(() -> slots.run(() -> {
                mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    letThemFinish.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inside.decrementAndGet();
                return finished.incrementAndGet();
            }), threads));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> inside.get() == 2);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> inside.get() == 2);
        assertThat(stepsInFlight()).isEqualTo(2);
        letThemFinish.countDown();
        CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(finished).hasValue(6);
        assertThat(mostAtOnce).hasValue(2);
        assertThat(stepsInFlight()).isZero();
    }

    @Test
    void aStepThatThrowsGivesItsSlotBack() throws Exception {
        StepSlots slots = slots(1);

        assertThatThrownBy(() -> slots.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        // With the only slot leaked, this would block for ever.
        assertThat(CompletableFuture.supplyAsync(() -> slots.run(() -> "next"), threads).get(5, TimeUnit.SECONDS))
                .isEqualTo("next");
        assertThat(stepsInFlight()).isZero();
    }

    @Test
    void theStepsValueIsReturned() {
        assertThat(slots(1).run(() -> 42)).isEqualTo(42);
    }

    private StepSlots slots(int concurrency) {
        return TestConfigs.slots(concurrency, registry);
    }

    private double stepsInFlight() {
        return registry.get(io.storeorchestrator.common.metrics.PlatformMetric.STEPS_IN_FLIGHT.meterName()).gauge().value();
    }
}
