package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.domain.StoreFailure;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.kube.ApplyOutcome;
import io.storeorchestrator.worker.kube.KubernetesStepException;
import io.storeorchestrator.worker.tracing.WorkerTraces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Runs one stage of a flow: a fence check, then the stage's steps in parallel, each object a step applies in a slot
 * of its own, then the steps' events in one batch, in the stage's order. Virtual threads carry the parallelism; the
 * {@link StepSlots} bound how much of it reaches the API server.
 */
@Singleton
public final class StageRunner {

    private final StepSlots slots;
    private final Duration leaseDuration;
    private final WorkerTraces traces;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("step-", 1).factory());

    public StageRunner(StepSlots slots, WorkerConfig config) {
        this(slots, config, WorkerTraces.off());
    }

    @Inject
    public StageRunner(StepSlots slots, WorkerConfig config, WorkerTraces traces) {
        this.slots = slots;
        this.leaseDuration = config.leaseDuration();
        this.traces = traces;
    }

    /**
     * @throws StepFailedException for the first step (in stage order) that failed; the others still ran and
     *                             reported, since every step converges and a retry will find them done
     */
    public void run(CommandRun run, List<Step> stage) {
        traces.stage(stage.stream().map(Step::name).toList(), () -> runStage(run, stage));
    }

    private void runStage(CommandRun run, List<Step> stage) {
        run.checkFence(stage.getFirst().name());
        List<CompletableFuture<StepResult>> running = stage.stream()
                .map(step -> CompletableFuture.supplyAsync(withMdc(traces.propagate(() -> execute(run, step))),
                        threads))
                .toList();
        awaitRenewing(run, CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)));
        List<StoreEvent> events = new ArrayList<>();
        StoreFailure firstFailure = null;
        for (CompletableFuture<StepResult> future : running) {
            StepResult result = join(future);
            switch (result) {
                case StepResult.Done done -> events.add(StoreEvent.stepDone(run.store().id(),
                        run.command().generation(), done.step().name(), Step.describe(done.outcomes()), done.took()));
                case StepResult.Failed failed -> {
                    if (firstFailure == null) {
                        firstFailure = failed.failure();
                    }
                }
            }
        }
        if (!events.isEmpty()) {
            run.reportAll(events);
        }
        if (firstFailure != null) {
            throw new StepFailedException(firstFailure);
        }
    }

    /**
     * Waits for the stage, renewing the store's lease meanwhile: a stage slowed by retries and back-offs (a throttling
     * or flaky API server) must not outlive the lease and let another worker take the store while it still writes.
     */
    private void awaitRenewing(CommandRun run, CompletableFuture<Void> stage) {
        long renewEveryMs = Math.max(100, leaseDuration.toMillis() / 3);
        while (true) {
            try {
                stage.get(renewEveryMs, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                run.renewLease();
            } catch (ExecutionException e) {
                return; // each step's own failure is read from its result below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RequeueException("interrupted during a stage");
            }
        }
    }

    /** Applies {@code objects} at once, each in a slot; outcomes in the objects' order. */
    public <T> List<ApplyOutcome> inParallel(List<T> objects, Function<T, ApplyOutcome> apply) {
        if (objects.size() == 1) {
            return List.of(slots.run(() -> apply.apply(objects.getFirst())));
        }
        List<CompletableFuture<ApplyOutcome>> running = objects.stream()
                .map(object -> CompletableFuture.supplyAsync(withMdc(traces.propagate(
                        () -> slots.run(() -> apply.apply(object)))), threads))
                .toList();
        // Every write settles before the step reports anything, failure included: a store must not be failed (and
        // its lease freed) while some of its objects are still being written.
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).exceptionally(error -> null).join();
        return running.stream().map(StageRunner::join).toList();
    }

    private StepResult execute(CommandRun run, Step step) {
        Instant started = Instant.now();
        try {
            List<ApplyOutcome> outcomes = traces.step(step.name(), () -> step.action().run(run));
            return new StepResult.Done(step, outcomes, Duration.between(started, Instant.now()));
        } catch (KubernetesStepException e) {
            return new StepResult.Failed(new StoreFailure(step.name().id(), e.failure().reason(),
                    e.what() + ": " + e.failure().message(), Instant.now()));
        } catch (RuntimeException e) {
            // Not a Kubernetes answer: a bug or a surprise. Failing now, naming it, beats a retry loop.
            return new StepResult.Failed(StoreFailure.unexpected(step.name().id(), e, Instant.now()));
        }
    }

    private sealed interface StepResult {
        record Done(Step step, List<ApplyOutcome> outcomes, Duration took) implements StepResult {
        }

        record Failed(StoreFailure failure) implements StepResult {
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static <T> java.util.function.Supplier<T> withMdc(java.util.function.Supplier<T> task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                return task.get();
            } finally {
                MDC.clear();
            }
        };
    }

}
