package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

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
import static org.assertj.core.api.Assertions.assertThat;

/** The order each engine provisions in, its waits, and that its steps' objects are the store's objects. */
class EngineBlueprintTest {

    private static final WorkerConfig CONFIG = WorkerConfig.defaults();

    /** Each phase as its step names; a wait as its own name. */
    private static List<List<StepName>> shape(StoreSpec store) {
        return store.blueprint().phases(store, CONFIG).stream().map(phase -> switch (phase) {
            case Phase.Apply apply -> apply.steps().stream().map(StoreStep::name).toList();
            case Phase.Await await -> List.of(await.step().step());
        }).toList();
    }

    @Test
    void wooCommerceProvisionsAsBeforeAndWaitsOnceAtTheEnd() {
        assertThat(shape(Fixtures.woo())).containsExactly(
                List.of(NAMESPACE),
                List.of(RESOURCE_QUOTA, LIMIT_RANGE, NETWORK_POLICIES, SECRET, SERVICES, CONTENT),
                List.of(DATABASE, APPLICATION),
                List.of(INGRESS),
                List.of(WAIT_READY));
    }

    @Test
    void medusaMigratesBeforeTheAppStartsWaitingForItsDatabaseThenForTheMigrationJob() {
        assertThat(shape(Fixtures.medusa())).containsExactly(
                List.of(NAMESPACE),
                List.of(RESOURCE_QUOTA, LIMIT_RANGE, NETWORK_POLICIES, SECRET, SERVICES),
                List.of(DATABASE, CACHE),
                List.of(WAIT_DATABASE),
                List.of(MIGRATIONS),
                List.of(MIGRATIONS),
                List.of(ADMIN_USER, APPLICATION),
                List.of(INGRESS),
                List.of(WAIT_READY));
    }

    @Test
    void medusaWithoutRedisHasNoCacheStep() {
        assertThat(shape(Fixtures.withoutRedis(Fixtures.medusa())).get(2)).containsExactly(DATABASE);
    }

    @Test
    void medusasWaitsNameWhatEachOneNeeds() {
        StoreSpec store = Fixtures.medusa();
        List<WaitStep> waits = store.blueprint().waits(store);

        assertThat(waits).containsExactly(
                new WaitStep(WAIT_DATABASE, List.of("postgres", "redis"), List.of(), List.of()),
                new WaitStep(MIGRATIONS, List.of(), List.of(), List.of("medusa-migrate-r1")),
                new WaitStep(WAIT_READY, List.of("postgres", "redis"), List.of("medusa"),
                        List.of("medusa-migrate-r1", "medusa-admin-user")));
        assertThat(store.blueprint().waitAt(store, MIGRATIONS)).contains(waits.get(1));
        assertThat(store.blueprint().waitAt(store, DATABASE)).isEmpty();
        assertThat(store.blueprint().readiness(store)).isEqualTo(waits.getLast());
    }

    @Test
    void wooCommerceWaitsForItsDatabaseAndAppOnly() {
        StoreSpec store = Fixtures.woo();

        assertThat(store.blueprint().waits(store)).containsExactly(
                new WaitStep(WAIT_READY, List.of("mariadb"), List.of("wordpress"), List.of()));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theStoresObjectsAreWhatItsStepsApplyLessTheSecret(Engine engine) {
        StoreSpec store = Fixtures.store(engine);
        List<HasMetadata> applied = Phase.steps(store.blueprint().phases(store, CONFIG))
                .flatMap(step -> step.objects().stream()).toList();
        List<HasMetadata> objects = StoreObjects.all(store, CONFIG);

        assertThat(applied).filteredOn(o -> o instanceof Secret).singleElement()
                .satisfies(secret -> assertThat(((Secret) secret).getData()).allSatisfy((k, v) -> assertThat(v).isEmpty()));
        assertThat(objects).containsExactlyElementsOf(applied.stream().filter(o -> !(o instanceof Secret)).toList());
        assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).doesNotHaveDuplicates();
        assertThat(objects).allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                .containsAllEntriesOf(store.labels()));
        assertThat(objects).filteredOn(o -> !o.getKind().equals("Namespace"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(store.namespace()));
    }

    @Test
    void everyWorkloadAndJobOfAStoreIsNamedInItsFinalWait() {
        for (StoreSpec store : List.of(Fixtures.woo(), Fixtures.medusa())) {
            WaitStep ready = store.blueprint().readiness(store);
            List<HasMetadata> objects = StoreObjects.all(store, CONFIG);
            assertThat(names(objects, "StatefulSet")).containsExactlyInAnyOrderElementsOf(ready.statefulSets());
            assertThat(names(objects, "Deployment")).containsExactlyInAnyOrderElementsOf(ready.deployments());
            assertThat(names(objects, "Job")).containsExactlyInAnyOrderElementsOf(ready.jobs());
        }
    }

    @Test
    void onlyTheSecretAndJobsAreCreatedOnce() {
        StoreSpec store = Fixtures.medusa();
        List<HasMetadata> applied = Phase.steps(store.blueprint().phases(store, CONFIG))
                .flatMap(step -> step.objects().stream()).toList();

        assertThat(applied).filteredOn(StoreObjects::isCreatedOnce)
                .allSatisfy(o -> assertThat(o).isInstanceOfAny(Secret.class, Job.class))
                .hasSize(3);
    }

    @Test
    void theStoreNamesItsEngineWorkloadsFromTheBlueprint() {
        assertThat(Fixtures.woo().appName()).isEqualTo("wordpress");
        assertThat(Fixtures.woo().databaseName()).isEqualTo("mariadb");
        assertThat(Fixtures.medusa().appName()).isEqualTo("medusa");
        assertThat(Fixtures.medusa().databaseName()).isEqualTo("postgres");
    }

    private static List<String> names(List<HasMetadata> objects, String kind) {
        return objects.stream().filter(o -> o.getKind().equals(kind)).map(o -> o.getMetadata().getName()).toList();
    }
}
