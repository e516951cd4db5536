package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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

/** The database and app workloads, for every engine: everything engine-specific comes from the engine's blueprint. */
class WorkloadObjectsTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void databaseStatefulSetIsBuiltFromTheEnginesDatabaseSpec(Engine engine) {
        StoreSpec store = Fixtures.store(engine);
        DatabaseSpec db = store.blueprint().database();
        StatefulSet statefulSet = DatabaseObjects.statefulSet(store, WorkerConfig.defaults());

        assertThat(statefulSet.getMetadata().getName()).isEqualTo(db.name());
        assertThat(statefulSet.getMetadata().getNamespace()).isEqualTo(store.namespace());
        assertThat(statefulSet.getMetadata().getLabels()).containsAllEntriesOf(store.labels())
                .containsEntry(StoreLabels.COMPONENT, "database");
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(1);
        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo(db.name());
        assertPodTemplate(store, statefulSet.getSpec().getTemplate(), "database",
                statefulSet.getSpec().getSelector().getMatchLabels());

        Container container = statefulSet.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getName()).isEqualTo(db.name());
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
            Deployment deployment = ApplicationObjects.deployment(store, WorkerConfig.defaults());

            assertThat(deployment.getSpec().getReplicas()).isEqualTo(store.plan().appReplicas());
            assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
            assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
            assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources()
                    .getLimits()).containsEntry("cpu", new Quantity(store.plan().app().cpuLimit()))
                    .containsEntry("memory", new Quantity(store.plan().app().memoryLimit()));
        }
        assertThat(ApplicationObjects.deployment(Fixtures.onPlan(Fixtures.woo(), "large"), WorkerConfig.defaults())
                .getSpec().getReplicas()).isEqualTo(3);
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

        assertThat(service.getMetadata().getName()).isEqualTo(store.blueprint().database().name());
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getSelector()).isEqualTo(store.selector("database"));
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort()).isEqualTo(store.blueprint().database().port()));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void appDeploymentIsBuiltFromTheEngine(Engine engine) {
        StoreSpec store = Fixtures.store(engine);
        EngineBlueprint blueprint = store.blueprint();
        Deployment deployment = ApplicationObjects.deployment(store, WorkerConfig.defaults());

        assertThat(deployment.getMetadata().getName()).isEqualTo(blueprint.appName());
        assertThat(deployment.getMetadata().getLabels()).containsEntry(StoreLabels.COMPONENT, "app");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertPodTemplate(store, deployment.getSpec().getTemplate(), "app",
                deployment.getSpec().getSelector().getMatchLabels());

        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getName()).isEqualTo(blueprint.appName());
        assertThat(container.getImage()).isEqualTo(Fixtures.CATALOG.version(engine, null).orElseThrow().image());
        assertThat(container.getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(blueprint.appPort()));
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo(blueprint.healthPath());
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo(blueprint.healthPath());
        assertThat(container.getEnv()).isEqualTo(blueprint.appEnv(store));
        assertSecretsOnlyByReference(container);
        assertHardened(container);
    }

    @Test
    void wordpressReachesItsDatabaseByTheServiceName() {
        Container container = ApplicationObjects.deployment(Fixtures.woo(), WorkerConfig.defaults()).getSpec()
                .getTemplate().getSpec().getContainers().getFirst();

        assertThat(env(container)).containsEntry("WORDPRESS_DB_HOST", "mariadb:3306")
                .containsEntry("WORDPRESS_DB_USER", "store").containsEntry("WORDPRESS_DB_NAME", "store");
        assertThat(secretRefs(container)).isEqualTo(Map.of("WORDPRESS_DB_PASSWORD", StoreSecretKeys.DATABASE_PASSWORD,
                "WORDPRESS_AUTH_KEY", StoreSecretKeys.APP_SECRET));
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
        assertThat(template.getMetadata().getAnnotations()).containsEntry(StoreLabels.GENERATION, "3")
                .containsEntry(StoreLabels.REVISION, "1");
        assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(store.labels())
                .containsEntry(StoreLabels.COMPONENT, component)
                .containsAllEntriesOf(selector);
        assertThat(template.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }

    /** No value is a secret: every secretKeyRef names the store's Secret, and no literal names a key of it. */
    static void assertSecretsOnlyByReference(Container container) {
        for (EnvVar var : container.getEnv()) {
            if (var.getValueFrom() != null) {
                assertThat(var.getValue()).isNull();
                assertThat(var.getValueFrom().getSecretKeyRef().getName()).isEqualTo(StoreSecretKeys.SECRET_NAME);
            } else {
                assertThat(var.getValue()).doesNotContain("{");
            }
        }
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

    static Map<String, String> secretRefs(Container container) {
        return container.getEnv().stream().filter(e -> e.getValueFrom() != null)
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getSecretKeyRef().getKey()));
    }

    static Map<String, String> env(Container container) {
        return container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static java.util.Set<String> concat(Map<String, String> a, Map<String, String> b) {
        java.util.Set<String> names = new java.util.HashSet<>(a.keySet());
        names.addAll(b.keySet());
        return names;
    }
}
