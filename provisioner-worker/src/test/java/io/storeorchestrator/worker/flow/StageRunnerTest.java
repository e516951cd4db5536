package io.storeorchestrator.worker.flow;

import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.kube.ApplyOutcome;
import io.storeorchestrator.worker.kube.KubernetesFailure;
import io.storeorchestrator.worker.kube.KubernetesStepException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.CREATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The objects of one step, applied in parallel ({@link StageRunner#inParallel}); stages are in StageRunnerIT. */
class StageRunnerTest {

    private final StageRunner stages = new StageRunner(TestConfigs.slots(4), WorkerConfig.defaults());

    @Test
    void theObjectsOfAStepAreAppliedAtOnce() {
        CountDownLatch allStarted = new CountDownLatch(3);

        List<ApplyOutcome> outcomes = stages.inParallel(List.of("a", "b", "c"), name -> {
            allStarted.countDown();
            awaitOrFail(allStarted, "the other objects never started: applied one after another");
            return created(name);
        });

        assertThat(outcomes).hasSize(3);
    }

    @Test
    void outcomesComeBackInTheObjectsOrderWhateverOrderTheyFinishIn() {
        CountDownLatch lastFinished = new CountDownLatch(1);

        List<ApplyOutcome> outcomes = stages.inParallel(List.of("a", "b", "c"), name -> {
            if (name.equals("a")) {
                awaitOrFail(lastFinished, "c never finished");
            }
            ApplyOutcome outcome = created(name);
            if (name.equals("c")) {
                lastFinished.countDown();
            }
            return outcome;
        });

        assertThat(outcomes).extracting(ApplyOutcome::name).containsExactly("a", "b", "c");
    }

    @Test
    void eachObjectTakesAStepSlot() throws Exception {
        StageRunner narrow = new StageRunner(TestConfigs.slots(2), WorkerConfig.defaults());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch letThemFinish = new CountDownLatch(1);
        CompletableFuture<List<ApplyOutcome>> step = CompletableFuture.supplyAsync(() ->
                narrow.inParallel(List.of("a", "b", "c", "d", "e"), name -> {
                    mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    awaitOrFail(letThemFinish, "never let finish");
                    inside.decrementAndGet();
                    return created(name);
                }));

        await().atMost(Duration.ofSeconds(5)).until(() -> inside.get() == 2);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> inside.get() == 2);
        letThemFinish.countDown();

        assertThat(step.get(5, TimeUnit.SECONDS)).hasSize(5);
        assertThat(mostAtOnce).hasValue(2);
    }

    @Test
    void aFailedObjectFailsTheStepWithItsOwnKubernetesErrorWhileTheOthersAreStillApplied() {
        KubernetesStepException forbidden = forbidden("apply NetworkPolicy allow-dns");
        Set<String> applied = ConcurrentHashMap.newKeySet();

        assertThatThrownBy(() -> stages.inParallel(List.of("deny-all", "allow-dns", "allow-ingress"), name -> {
            if (name.equals("allow-dns")) {
                throw forbidden;
            }
            applied.add(name);
            return created(name);
        })).isSameAs(forbidden);
        await().atMost(Duration.ofSeconds(5)).until(() -> applied.size() == 2);
        assertThat(applied).containsExactlyInAnyOrder("deny-all", "allow-ingress");
    }

    /**
     * When one object fails, {@code inParallel} rethrows as soon as it joins that object, while later objects of the
     * step may still be writing to the cluster: the stage then reports, the store turns FAILED and the lease is
     * released with writes of the failed command still in flight.
     */
    @Test
    void aStepFailsOnlyOnceEveryOneOfItsObjectsIsDone() {
        CountDownLatch slowObject = new CountDownLatch(1);

        CompletableFuture<List<ApplyOutcome>> step = CompletableFuture.supplyAsync(() ->
                stages.inParallel(List.of("a", "b", "c"), name -> switch (name) {
                    case "b" -> throw forbidden("apply Service b");
                    case "c" -> {
                        awaitOrFail(slowObject, "never released");
                        yield created(name);
                    }
                    default -> created(name);
                }));

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !step.isDone());
        slowObject.countDown();
        await().atMost(Duration.ofSeconds(5)).until(step::isCompletedExceptionally);
    }

    private static KubernetesStepException forbidden(String what) {
        return new KubernetesStepException(what, new KubernetesFailure(false, "Forbidden",
                "networkpolicies.networking.k8s.io is forbidden", Optional.empty()), null);
    }

    private static ApplyOutcome created(String name) {
        return new ApplyOutcome("NetworkPolicy", name, CREATED);
    }

    private static void awaitOrFail(CountDownLatch latch, String why) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError(why);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
