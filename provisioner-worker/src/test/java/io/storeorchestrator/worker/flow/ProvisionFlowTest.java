package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.time.Durations;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.kube.ApplyOutcome;
import io.storeorchestrator.worker.model.Phase;
import io.storeorchestrator.worker.model.StoreSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.storeorchestrator.common.lifecycle.StepName.ADMIN_USER;
import static io.storeorchestrator.common.lifecycle.StepName.APPLICATION;
import static io.storeorchestrator.common.lifecycle.StepName.CACHE;
import static io.storeorchestrator.common.lifecycle.StepName.CONTENT;
import static io.storeorchestrator.common.lifecycle.StepName.DATABASE;
import static io.storeorchestrator.common.lifecycle.StepName.INGRESS;
import static io.storeorchestrator.common.lifecycle.StepName.LIMIT_RANGE;
import static io.storeorchestrator.common.lifecycle.StepName.MIGRATIONS;
import static io.storeorchestrator.common.lifecycle.StepName.NAMESPACE;
import static io.storeorchestrator.common.lifecycle.StepName.NETWORK_POLICIES;
import static io.storeorchestrator.common.lifecycle.StepName.RESOURCE_QUOTA;
import static io.storeorchestrator.common.lifecycle.StepName.SECRET;
import static io.storeorchestrator.common.lifecycle.StepName.SERVICES;
import static io.storeorchestrator.common.lifecycle.StepName.WAIT_DATABASE;
import static io.storeorchestrator.common.lifecycle.StepName.WAIT_READY;
import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.CREATED;
import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.REPLACED;
import static io.storeorchestrator.worker.kube.ApplyOutcome.Result.UNCHANGED;
import static org.assertj.core.api.Assertions.assertThat;

class ProvisionFlowTest {

    private static final StoreCatalog CATALOG = StoreCatalogLoader.defaults();
    private final ProvisionFlow flow = new ProvisionFlow(null, null, null, null, WorkerConfig.defaults(), null);

    private static StoreSpec store(Engine engine) {
        StoreCatalog.Choice choice = CATALOG.choose(engine, null, null);
        return new StoreSpec(UUID.randomUUID(), "shop", engine, 1, "store-x", "shop.example", choice.plan(),
                choice.version(), 1);
    }

    private static List<Phase> phases(Engine engine) {
        StoreSpec store = store(engine);
        return store.blueprint().phases(store, WorkerConfig.defaults());
    }

    @Test
    void wooCommerceStepsAreReportedInTheContractsOrderStageByStageWithWaitReadyLast() {
        assertThat(flow.stepNames(store(Engine.WOOCOMMERCE))).containsExactly(NAMESPACE, RESOURCE_QUOTA, LIMIT_RANGE,
                NETWORK_POLICIES, SECRET, SERVICES, CONTENT, DATABASE, APPLICATION, INGRESS, WAIT_READY);
    }

    @Test
    void medusaStepsAreReportedInOrderWithItsWaitsBetweenThem() {
        assertThat(flow.stepNames(store(Engine.MEDUSA))).containsExactly(NAMESPACE, RESOURCE_QUOTA, LIMIT_RANGE,
                NETWORK_POLICIES, SECRET, SERVICES, DATABASE, CACHE, WAIT_DATABASE, MIGRATIONS, MIGRATIONS,
                ADMIN_USER, APPLICATION, INGRESS, WAIT_READY);
    }

    @Test
    void stepNamesOnTheWireAreTheDeclaredIds() {
        assertThat(flow.stepNames(store(Engine.MEDUSA))).extracting(StepName::id).containsExactly("namespace",
                "resource-quota", "limit-range", "network-policies", "secret", "services", "database", "cache",
                "wait-database", "migrations", "migrations", "admin-user", "application", "ingress", "wait-ready");
    }

    @Test
    void aNewCommandStartsAtTheBeginning() {
        assertThat(ProvisionFlow.resumeIndex(phases(Engine.MEDUSA), Optional.empty())).isZero();
    }

    @Test
    void aWakeUpResumesAtTheWaitItParkedAt() {
        List<Phase> medusa = phases(Engine.MEDUSA);

        assertWait(medusa, ProvisionFlow.resumeIndex(medusa, Optional.of(WAIT_DATABASE)), WAIT_DATABASE);
        assertWait(medusa, ProvisionFlow.resumeIndex(medusa, Optional.of(MIGRATIONS)), MIGRATIONS);
        assertWait(medusa, ProvisionFlow.resumeIndex(medusa, Optional.of(WAIT_READY)), WAIT_READY);
        assertThat(ProvisionFlow.resumeIndex(medusa, Optional.of(MIGRATIONS)))
                .as("at the wait for the Job, past the step that created it")
                .isGreaterThan(ProvisionFlow.resumeIndex(medusa, Optional.of(WAIT_DATABASE)) + 1);

        List<Phase> woo = phases(Engine.WOOCOMMERCE);
        assertThat(ProvisionFlow.resumeIndex(woo, Optional.of(WAIT_READY))).isEqualTo(woo.size() - 1);
    }

    @Test
    void aWakeUpForAStepTheEngineDoesNotWaitAtStartsOverSinceStepsConverge() {
        assertThat(ProvisionFlow.resumeIndex(phases(Engine.WOOCOMMERCE), Optional.of(MIGRATIONS))).isZero();
        assertThat(ProvisionFlow.resumeIndex(phases(Engine.MEDUSA), Optional.of(DATABASE))).isZero();
    }

    @Test
    void everyBlueprintEndsWithWaitReady() {
        for (Engine engine : Engine.values()) {
            assertThat(phases(engine).getLast()).isInstanceOfSatisfying(Phase.Await.class,
                    await -> assertThat(await.step().step()).isEqualTo(WAIT_READY));
        }
    }

    @Test
    void stepMessagesListWhatHappenedToEachObject() {
        assertThat(Step.describe(List.of(new ApplyOutcome("StatefulSet", "mariadb", CREATED),
                new ApplyOutcome("Service", "mariadb", UNCHANGED), new ApplyOutcome("Job", "medusa-migrate-r1", REPLACED))))
                .isEqualTo("StatefulSet mariadb created, Service mariadb unchanged, Job medusa-migrate-r1 replaced");
    }

    @Test
    void durationsReadLikeATimeline() {
        assertThat(Durations.precise(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.precise(Duration.ofSeconds(95))).isEqualTo("1m35s");
        assertThat(Durations.precise(Duration.ofMillis(800))).isEqualTo("800ms");
        assertThat(Durations.precise(Duration.ofHours(1).plusSeconds(2))).isEqualTo("1h2s");
        assertThat(Durations.precise(Duration.ofSeconds(-3))).isEqualTo("0ms");
    }

    private static void assertWait(List<Phase> phases, int index, StepName step) {
        assertThat(phases.get(index)).isInstanceOfSatisfying(Phase.Await.class,
                await -> assertThat(await.step().step()).isEqualTo(step));
    }
}
