package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.storeorchestrator.common.domain.StoreSecretKeys;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.storeorchestrator.worker.model.WorkloadObjectsTest.assertSecretsOnlyByReference;
import static io.storeorchestrator.worker.model.WorkloadObjectsTest.env;
import static io.storeorchestrator.worker.model.WorkloadObjectsTest.secretRefs;
import static org.assertj.core.api.Assertions.assertThat;

/** Medusa's own objects: the app as Medusa's config reads it, its PostgreSQL, Redis and the two Jobs. */
class MedusaObjectsTest {

    private final StoreSpec store = Fixtures.medusa();

    private static Container only(List<Container> containers) {
        assertThat(containers).hasSize(1);
        return containers.getFirst();
    }

    @Test
    void theAppServesOnPort9000WithProbesOnHealthAndTheCatalogsImage() {
        Deployment deployment = ApplicationObjects.deployment(store, WorkerConfig.defaults());
        Container app = only(deployment.getSpec().getTemplate().getSpec().getContainers());

        assertThat(deployment.getMetadata().getName()).isEqualTo("medusa");
        assertThat(app.getImage()).isEqualTo(store.version().image());
        assertThat(app.getCommand()).as("the image's own entry point starts the server").isNullOrEmpty();
        assertThat(app.getPorts()).singleElement().satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(9000));
        assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(app.getSecurityContext().getCapabilities().getAdd()).doesNotContain("NET_BIND_SERVICE");
    }

    @Test
    void theAppIsConfiguredAsMedusaReadsItWithNoSecretInTheSpec() {
        Container app = only(ApplicationObjects.deployment(store, WorkerConfig.defaults()).getSpec().getTemplate()
                .getSpec().getContainers());

        assertThat(env(app))
                .containsEntry("NODE_ENV", "production")
                .containsEntry("PORT", "9000")
                .containsEntry("REDIS_URL", "redis://redis:6379")
                .containsEntry("STORE_CORS", "https://shop.localtest.me,http://shop.localtest.me")
                .containsEntry("ADMIN_CORS", "https://shop.localtest.me,http://shop.localtest.me")
                .containsEntry("AUTH_CORS", "https://shop.localtest.me,http://shop.localtest.me")
                .containsEntry("DATABASE_URL", "postgres://store:$(DB_PASSWORD)@postgres:5432/store?sslmode=disable");
        assertThat(secretRefs(app)).isEqualTo(Map.of(
                "DB_PASSWORD", StoreSecretKeys.DATABASE_PASSWORD,
                "JWT_SECRET", StoreSecretKeys.APP_SECRET,
                "COOKIE_SECRET", StoreSecretKeys.COOKIE_SECRET));
        assertSecretsOnlyByReference(app);
        List<String> names = app.getEnv().stream().map(EnvVar::getName).toList();
        assertThat(names.indexOf("DB_PASSWORD")).as("$(DB_PASSWORD) expands only if declared before DATABASE_URL")
                .isLessThan(names.indexOf("DATABASE_URL"));
        assertThat(names).doesNotContain("ADMIN_PASSWORD");
    }

    @Test
    void withoutRedisTheAppGetsNoRedisUrlAndNoCacheIsBuilt() {
        StoreSpec plain = Fixtures.withoutRedis(store);
        Container app = only(ApplicationObjects.deployment(plain, WorkerConfig.defaults()).getSpec().getTemplate()
                .getSpec().getContainers());

        assertThat(env(app)).doesNotContainKey("REDIS_URL");
        assertThat(StoreObjects.all(plain, WorkerConfig.defaults())).noneMatch(o -> o.getMetadata().getName().equals("redis"));
    }

    @Test
    void postgresIsTheDatabaseWithItsPasswordFromTheSecret() {
        StatefulSet database = DatabaseObjects.statefulSet(store, WorkerConfig.defaults());
        Container postgres = only(database.getSpec().getTemplate().getSpec().getContainers());

        assertThat(database.getMetadata().getName()).isEqualTo("postgres");
        assertThat(postgres.getImage()).startsWith("postgres:");
        assertThat(env(postgres)).containsEntry("POSTGRES_DB", "store").containsEntry("POSTGRES_USER", "store");
        assertThat(secretRefs(postgres)).isEqualTo(Map.of("POSTGRES_PASSWORD", StoreSecretKeys.DATABASE_PASSWORD));
        assertThat(database.getSpec().getVolumeClaimTemplates()).singleElement()
                .satisfies(claim -> assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
                        .isEqualTo(store.plan().databaseVolumeSize()));
    }

    @Test
    void redisIsOnePodWithoutVolumeBehindAHeadlessService() {
        CacheSpec redis = store.blueprint().cache(store).orElseThrow();
        StatefulSet cache = CacheObjects.statefulSet(store, redis);
        Service service = CacheObjects.service(store, redis);
        Container container = only(cache.getSpec().getTemplate().getSpec().getContainers());

        assertThat(cache.getMetadata().getName()).isEqualTo("redis");
        assertThat(cache.getMetadata().getLabels()).containsEntry(StoreLabels.COMPONENT, "cache");
        assertThat(cache.getSpec().getReplicas()).isEqualTo(1);
        assertThat(cache.getSpec().getVolumeClaimTemplates()).isNullOrEmpty();
        assertThat(cache.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(cache.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry(StoreLabels.GENERATION, "3");
        assertThat(container.getImage()).startsWith("redis:");
        assertThat(container.getArgs()).containsExactly("--save", "", "--appendonly", "no");
        assertThat(container.getPorts()).singleElement().satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(6379));
        assertThat(container.getReadinessProbe().getTcpSocket()).isNotNull();
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getSelector()).isEqualTo(store.selector("cache"));
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> assertThat(port.getPort()).isEqualTo(6379));
    }

    @Test
    void theMigrationJobIsNamedByRevisionRunsDbMigrateOnceAndFailsFast() {
        Job job = MedusaBlueprint.migrations(store);
        Container migrate = only(job.getSpec().getTemplate().getSpec().getContainers());

        assertThat(job.getMetadata().getName()).isEqualTo("medusa-migrate-r1");
        assertThat(MedusaBlueprint.migrations(Fixtures.atRevision(store, 4)).getMetadata().getName())
                .isEqualTo("medusa-migrate-r4");
        assertRunOnceJobOfTheAppImage(job, migrate);
        assertThat(migrate.getCommand()).containsExactly("medusa");
        assertThat(migrate.getArgs()).containsExactly("db:migrate", "--execute-safe-links");
        assertThat(migrate.getEnv()).as("the app's own configuration").isEqualTo(store.blueprint().appEnv(store));
    }

    @Test
    void theAdminUserJobReadsItsPasswordFromTheSecretOnly() {
        Job job = MedusaBlueprint.adminUser(store);
        Container admin = only(job.getSpec().getTemplate().getSpec().getContainers());

        assertThat(job.getMetadata().getName()).isEqualTo("medusa-admin-user");
        assertRunOnceJobOfTheAppImage(job, admin);
        assertThat(admin.getCommand()).containsExactly("medusa");
        assertThat(admin.getArgs()).containsExactly("user", "-e", "$(ADMIN_EMAIL)", "-p", "$(ADMIN_PASSWORD)");
        assertThat(env(admin)).containsEntry("ADMIN_EMAIL", "admin@shop.localtest.me")
                .containsKey("DATABASE_URL").doesNotContainKey("ADMIN_PASSWORD");
        assertThat(secretRefs(admin)).containsEntry("ADMIN_PASSWORD", StoreSecretKeys.ADMIN_PASSWORD)
                .containsEntry("DB_PASSWORD", StoreSecretKeys.DATABASE_PASSWORD);
        assertSecretsOnlyByReference(admin);
    }

    private void assertRunOnceJobOfTheAppImage(Job job, Container container) {
        assertThat(job.getMetadata().getNamespace()).isEqualTo(store.namespace());
        assertThat(job.getMetadata().getLabels()).containsAllEntriesOf(store.labels())
                .containsEntry(StoreLabels.COMPONENT, "job");
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(JobObjects.BACKOFF_LIMIT).isLessThanOrEqualTo(3);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).as("kept: drift checks see it done").isNull();
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(StoreLabels.COMPONENT, "job")
                .containsAllEntriesOf(store.labels());
        assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry(StoreLabels.GENERATION, "3");
        assertThat(container.getImage()).isEqualTo(store.version().image());
        assertThat(container.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
        assertThat(container.getResources().getLimits()).containsEntry("cpu",
                new io.fabric8.kubernetes.api.model.Quantity(store.plan().app().cpuLimit()));
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    }
}
