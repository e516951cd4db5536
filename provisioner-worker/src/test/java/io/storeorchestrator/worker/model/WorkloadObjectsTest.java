package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.storeorchestrator.common.domain.DatabaseKind;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreSecretKeys;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The database and app workloads, for every engine: everything engine-specific comes from the Engine data. */
class WorkloadObjectsTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void databaseStatefulSetIsBuiltFromTheEnginesDatabaseKind(Engine engine) {
        StoreSpec store = Fixtures.store(engine);
        DatabaseKind db = engine.database();
        StatefulSet statefulSet = DatabaseObjects.statefulSet(store, WorkerConfig.defaults());

        assertThat(statefulSet.getMetadata().getName()).isEqualTo(db.containerName());
        assertThat(statefulSet.getMetadata().getNamespace()).isEqualTo(store.namespace());
        assertThat(statefulSet.getMetadata().getLabels()).containsAllEntriesOf(store.labels())
                .containsEntry(StoreLabels.COMPONENT, "database");
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(1);
        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo(db.containerName());
        assertPodTemplate(store, statefulSet.getSpec().getTemplate(), "database",
                statefulSet.getSpec().getSelector().getMatchLabels());

        Container container = statefulSet.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getName()).isEqualTo(db.containerName());
        assertThat(container.getImage()).isEqualTo(db.image());
        assertThat(container.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(db.port()));
        assertThat(container.getReadinessProbe().getTcpSocket()).isNotNull();
        assertThat(container.getLivenessProbe().getTcpSocket()).isNotNull();
        assertThat(container.getVolumeMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getName()).isEqualTo("data");
            assertThat(mount.getMountPath()).isEqualTo(db.dataPath());
        });
        assertEnv(container, db.plainEnv(), db.secretEnv());
        assertHardened(container);

        assertThat(statefulSet.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim -> {
            assertThat(claim.getMetadata().getName()).isEqualTo("data");
            assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("2Gi");
            assertThat(claim.getSpec().getStorageClassName()).isNull();
        });
    }

    @Test
    void theDatabaseRollsInPlaceKeepingItsVolumeSizedByThePlan() {
        StatefulSet statefulSet = DatabaseObjects.statefulSet(Fixtures.onPlan(Fixtures.woo(), "medium"),
                WorkerConfig.defaults());

        assertThat(statefulSet.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(1);
        assertThat(statefulSet.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim ->
                assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("10Gi"));
        assertThat(statefulSet.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources())
                .satisfies(resources -> {
                    assertThat(resources.getRequests()).containsEntry("cpu", new Quantity("250m"))
                            .containsEntry("memory", new Quantity("512Mi"));
                    assertThat(resources.getLimits()).containsEntry("cpu", new Quantity("1"))
                            .containsEntry("memory", new Quantity("2Gi"));
                });
    }

    @Test
    void theAppRunsThePlansReplicasAndRollsWithNoneUnavailable() {
        for (String plan : java.util.List.of("small", "large")) {
            StoreSpec store = Fixtures.onPlan(Fixtures.woo(), plan);
            Deployment deployment = ApplicationObjects.deployment(store);

            assertThat(deployment.getSpec().getReplicas()).isEqualTo(store.plan().appReplicas());
            assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
            assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
            assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources()
                    .getLimits()).containsEntry("cpu", new Quantity(store.plan().app().cpuLimit()))
                    .containsEntry("memory", new Quantity(store.plan().app().memoryLimit()));
        }
        assertThat(ApplicationObjects.deployment(Fixtures.onPlan(Fixtures.woo(), "large")).getSpec().getReplicas())
                .isEqualTo(3);
    }

    @Test
    void storageClassIsSetOnlyWhenConfigured() {
        StatefulSet statefulSet = DatabaseObjects.statefulSet(Fixtures.woo(),
                WorkerConfig.defaults().withStorageClass("fast"));

        assertThat(statefulSet.getSpec().getVolumeClaimTemplates().getFirst().getSpec().getStorageClassName())
                .isEqualTo("fast");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void databaseServiceIsHeadlessOnTheDatabasePort(Engine engine) {
        StoreSpec store = Fixtures.store(engine);
        Service service = DatabaseObjects.service(store);

        assertThat(service.getMetadata().getName()).isEqualTo(engine.database().containerName());
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getSelector()).isEqualTo(store.selector("database"));
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort()).isEqualTo(engine.database().port()));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void appDeploymentIsBuiltFromTheEngine(Engine engine) {
        StoreSpec store = Fixtures.store(engine);
        Deployment deployment = ApplicationObjects.deployment(store);

        assertThat(deployment.getMetadata().getName()).isEqualTo(engine.appContainer());
        assertThat(deployment.getMetadata().getLabels()).containsEntry(StoreLabels.COMPONENT, "app");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertPodTemplate(store, deployment.getSpec().getTemplate(), "app",
                deployment.getSpec().getSelector().getMatchLabels());

        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getName()).isEqualTo(engine.appContainer());
        assertThat(container.getImage()).isEqualTo(Fixtures.CATALOG.version(engine, null).orElseThrow().image());
        assertThat(container.getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(engine.appPort()));
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo(engine.healthPath());
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo(engine.healthPath());
        assertEnv(container, engine.appPlainEnv(), engine.appSecretEnv());
        assertHardened(container);
    }

    @Test
    void dbHostPlaceholderBecomesTheDatabaseServiceName() {
        Container container = ApplicationObjects.deployment(Fixtures.woo()).getSpec().getTemplate().getSpec()
                .getContainers().getFirst();

        assertThat(env(container)).containsEntry("WORDPRESS_DB_HOST", "mariadb:3306");
    }

    @Test
    void appServiceListensOn80AndTargetsTheNamedPort() {
        Service service = ApplicationObjects.service(Fixtures.store(Engine.MEDUSA));

        assertThat(service.getMetadata().getName()).isEqualTo("medusa");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(80);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
    }

    private static void assertPodTemplate(StoreSpec store, PodTemplateSpec template, String component,
                                          Map<String, String> selector) {
        assertThat(template.getMetadata().getAnnotations()).containsEntry(StoreLabels.GENERATION, "3");
        assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(store.labels())
                .containsEntry(StoreLabels.COMPONENT, component)
                .containsAllEntriesOf(selector);
        assertThat(template.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }

    /** Plain values are literal; secret values only ever arrive through secretKeyRef to the store's Secret. */
    private static void assertEnv(Container container, Map<String, String> plain, Map<String, String> secret) {
        assertThat(container.getEnv()).extracting(EnvVar::getName)
                .containsExactlyInAnyOrderElementsOf(concat(plain, secret));
        for (EnvVar var : container.getEnv()) {
            if (secret.containsKey(var.getName())) {
                assertThat(var.getValue()).isNull();
                assertThat(var.getValueFrom().getSecretKeyRef().getName()).isEqualTo(StoreSecretKeys.SECRET_NAME);
                assertThat(var.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(secret.get(var.getName()));
            } else {
                assertThat(var.getValueFrom()).isNull();
                assertThat(var.getValue()).doesNotContain("{db-host}");
            }
        }
    }

    private static void assertHardened(Container container) {
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    }

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static java.util.Set<String> concat(Map<String, String> a, Map<String, String> b) {
        java.util.Set<String> names = new java.util.HashSet<>(a.keySet());
        names.addAll(b.keySet());
        return names;
    }
}
