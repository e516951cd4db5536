package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.kube.KubernetesFailure;
import io.storeorchestrator.worker.kube.KubernetesReader;
import io.storeorchestrator.worker.readiness.ReadinessInspector;
import io.storeorchestrator.worker.readiness.ReadinessVerdict;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The wait-ready step: polls the store's workloads until they serve, a pod fails for good, or the deadline passes.
 * The fence is re-read on every poll, so a delete arriving mid-wait stops it within one poll interval.
 */
@Singleton
public final class ReadinessWaiter {

    private static final Logger LOG = LoggerFactory.getLogger(ReadinessWaiter.class);
    /** Used only when a command carries no deadline (older producers): the API's default PROVISIONING_TIMEOUT. */
    static final Duration FALLBACK_TIMEOUT = Duration.ofMinutes(10);

    private final KubernetesReader reader;
    private final WorkerConfig config;
    private final Clock clock;

    public ReadinessWaiter(KubernetesReader reader, WorkerConfig config) {
        this.reader = reader;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /** @return the READY message */
    public String awaitReady(CommandRun run) {
        String step = ProvisionFlow.WAIT_READY;
        Instant started = run.command().issuedAt();
        Instant deadline = run.command().deadline() != null ? run.command().deadline()
                : clock.instant().plus(FALLBACK_TIMEOUT);
        ReadinessInspector inspector = new ReadinessInspector(run.store(), config.unschedulableGrace());
        String waitingFor = "first look at the workloads";
        String reported = null;
        while (true) {
            run.checkFence(step);
            Instant now = clock.instant();
            ReadinessVerdict verdict = inspect(inspector, run, now);
            switch (verdict) {
                case ReadinessVerdict.Ready _ -> {
                    return "StatefulSet " + run.store().databaseName() + " and Deployment " + run.store().appName()
                            + " ready; store serves at " + run.store().host();
                }
                case ReadinessVerdict.Failed failed -> throw new StepFailedException(step, failed.reason());
                case ReadinessVerdict.NotReady notReady -> waitingFor = notReady.waitingFor();
            }
            if (!waitingFor.equals(reported)) {
                run.report(StoreEventType.WAITING, step, "waiting for " + waitingFor);
                reported = waitingFor;
            }
            if (!now.isBefore(deadline)) {
                throw new StepFailedException(step, step + ": not ready after "
                        + Durations.human(Duration.between(started, now)) + " (deadline exceeded): " + waitingFor);
            }
            Duration untilDeadline = Duration.between(now, deadline);
            Duration pause = untilDeadline.compareTo(config.pollInterval()) < 0 ? untilDeadline : config.pollInterval();
            if (!run.shutdown().pause(pause)) {
                throw new RequeueException("worker stopping during " + step);
            }
        }
    }

    private ReadinessVerdict inspect(ReadinessInspector inspector, CommandRun run, Instant now) {
        try {
            return inspector.inspect(reader.snapshot(run.store()), now);
        } catch (RuntimeException e) {
            KubernetesFailure failure = KubernetesFailure.of(e);
            if (!failure.transientError()) {
                throw new StepFailedException(ProvisionFlow.WAIT_READY, failure.describeFor(ProvisionFlow.WAIT_READY));
            }
            // The next poll asks again; the deadline bounds how long an unreachable API server is tolerated.
            LOG.warn("Reading workloads failed, will poll again: {}: {}", failure.reason(), failure.message());
            return new ReadinessVerdict.NotReady("Kubernetes API (" + failure.reason() + ": " + failure.message() + ")");
        }
    }
}
