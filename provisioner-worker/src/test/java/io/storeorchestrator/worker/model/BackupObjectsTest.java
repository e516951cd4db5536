package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreSecretKeys;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.config.BackupSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BackupObjectsTest {

    private static final StoreCatalog CATALOG = StoreCatalogLoader.defaults();
    private static final UUID STORE = UUID.fromString("11111111-2222-4333-8444-555555555555");
    private static final UUID BACKUP = UUID.fromString("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
    private static final BackupSettings SETTINGS = new BackupSettings("http://minio.storage:9000", "shop-backups",
            "eu-west-1", true, "AKIDEXAMPLE", "wJalrXUtnFEMI-secret", "backups", null, null);

    private static StoreSpec store(Engine engine) {
        StoreCatalog.Choice choice = CATALOG.choose(engine, null, null);
        return new StoreSpec(STORE, "shop", engine, 3, "store-x", "shop.example", choice.plan(), choice.version(), 2,
                null);
    }

    private static BackupLocation location() {
        return new BackupLocation(SETTINGS.prefix(), STORE, BACKUP);
    }

    @Test
    void keysHoldIdsOnly() {
        assertThat(location().dumpKey()).isEqualTo("backups/" + STORE + "/" + BACKUP + "/db.sql.gz");
        assertThat(location().manifestKey()).isEqualTo("backups/" + STORE + "/" + BACKUP + "/manifest.json");
        assertThat(BackupObjects.backupJobName(BACKUP)).isEqualTo("backup-" + BACKUP);
        assertThat(BackupObjects.restoreJobName(BACKUP, 12)).isEqualTo("restore-" + BACKUP + "-g12").hasSizeLessThan(64);
    }

    @Test
    void theWooCommerceBackupJobDumpsWithMariadbAndUploadsWithTheCli() {
        StoreSpec store = store(Engine.WOOCOMMERCE);
        Job job = BackupObjects.backupJob(store, SETTINGS, location(), WorkerConfig.defaults());

        assertThat(job.getMetadata().getName()).isEqualTo("backup-" + BACKUP);
        assertThat(job.getMetadata().getNamespace()).isEqualTo("store-x");
        assertThat(job.getMetadata().getLabels()).containsEntry(StoreLabels.COMPONENT, "backup");
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(JobObjects.BACKOFF_LIMIT);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(86_400);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("store-orchestrator.io/generation", "3");
        // Room for the dump and the wp-content archive: the plan's database (2Gi) and content (2Gi) volumes.
        assertThat(pod.getVolumes()).hasSize(2);
        assertThat(pod.getVolumes().getFirst().getName()).isEqualTo("dump");
        assertThat(pod.getVolumes().getFirst().getEmptyDir().getSizeLimit().getNumericalAmount().longValueExact())
                .isEqualTo(4L * 1024 * 1024 * 1024);
        assertThat(pod.getVolumes().get(1).getPersistentVolumeClaim().getClaimName()).isEqualTo("wp-content");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(StoreLabels.CONTENT_VOLUME, "wp-content");
        assertThat(pod.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .as("ReadWriteOnce: on the node of the app pods that hold the volume").hasSize(1);

        Container dump = pod.getInitContainers().getFirst();
        assertThat(dump.getName()).isEqualTo("dump");
        assertThat(dump.getImage()).isEqualTo("mariadb:11.4");
        assertThat(dump.getCommand()).hasSize(3).startsWith("bash", "-c");
        assertThat(dump.getCommand().get(2)).contains("set -euo pipefail",
                "mariadb-dump --host=mariadb --port=3306 --user=store --single-transaction",
                "store | gzip -c > /backup/db.sql.gz",
                "tar -C /var/www/html/wp-content -czf /backup/uploads.tar.gz .");
        assertThat(secretRefs(dump)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "MYSQL_PWD", "store-credentials/" + StoreSecretKeys.DATABASE_PASSWORD,
                "DB_ROOT_PASSWORD", "store-credentials/" + StoreSecretKeys.DATABASE_ROOT_PASSWORD));
        assertThat(dump.getVolumeMounts()).extracting(m -> m.getMountPath() + (Boolean.TRUE.equals(m.getReadOnly())
                ? " ro" : "")).containsExactly("/backup", "/var/www/html/wp-content ro");
        assertThat(dump.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
        assertThat(dump.getResources().getLimits()).containsKeys("cpu", "memory");

        Container upload = pod.getContainers().getFirst();
        assertThat(upload.getName()).isEqualTo("upload");
        assertThat(upload.getImage()).isEqualTo(BackupSettings.DEFAULT_UPLOADER_IMAGE);
        assertThat(upload.getCommand().get(2)).contains(
                "addressing_style = path",
                "aws s3 cp /backup/db.sql.gz \"s3://${BACKUP_BUCKET}/${BACKUP_DIRECTORY}/db.sql.gz\"",
                "aws s3 cp /backup/uploads.tar.gz \"s3://${BACKUP_BUCKET}/${BACKUP_DIRECTORY}/uploads.tar.gz\"",
                "aws s3 cp /backup/manifest.json \"s3://${BACKUP_BUCKET}/${BACKUP_DIRECTORY}/manifest.json\"");
        assertThat(plain(upload)).containsEntry("AWS_ENDPOINT_URL", "http://minio.storage:9000")
                .containsEntry("AWS_DEFAULT_REGION", "eu-west-1")
                .containsEntry("BACKUP_BUCKET", "shop-backups")
                .containsEntry("BACKUP_DIRECTORY", "backups/" + STORE + "/" + BACKUP)
                .containsEntry("BACKUP_MANIFEST", "{\"store\":\"" + STORE + "\",\"backup\":\"" + BACKUP
                        + "\",\"engine\":\"woocommerce\",\"version\":\"6.6\",\"objects\":[\"db.sql.gz\",\"uploads.tar.gz\"]}");
        assertThat(secretRefs(upload)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "AWS_ACCESS_KEY_ID", "backup-credentials/access-key-id",
                "AWS_SECRET_ACCESS_KEY", "backup-credentials/secret-access-key"));
        assertNoCredentialIn(job);
    }

    @Test
    void theMedusaBackupJobDumpsWithPgDump() {
        Job job = BackupObjects.backupJob(store(Engine.MEDUSA), SETTINGS, location(), WorkerConfig.defaults());
        Container dump = job.getSpec().getTemplate().getSpec().getInitContainers().getFirst();
        assertThat(dump.getImage()).isEqualTo("postgres:16-alpine");
        assertThat(dump.getCommand()).startsWith("sh", "-c");
        assertThat(dump.getCommand().get(2)).contains("pg_dump --host=postgres --port=5432 --username=store"
                + " --dbname=store --no-owner --no-privileges", "gzip -c > /backup/db.sql.gz");
        assertThat(secretRefs(dump)).containsExactlyEntriesOf(Map.of("PGPASSWORD",
                "store-credentials/" + StoreSecretKeys.DATABASE_PASSWORD));
        assertNoCredentialIn(job);
    }

    @Test
    void restoreJobsDownloadThenEmptyAndLoadTheDatabase() {
        Job woo = BackupObjects.restoreJob(store(Engine.WOOCOMMERCE), SETTINGS, location(),
                BackupObjects.restoreJobName(BACKUP, 3), WorkerConfig.defaults());
        PodSpec pod = woo.getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers().getFirst().getName()).isEqualTo("download");
        assertThat(pod.getInitContainers().getFirst().getCommand().get(2))
                .contains("aws s3 cp \"s3://${BACKUP_BUCKET}/${BACKUP_DIRECTORY}/db.sql.gz\" /backup/db.sql.gz");
        Container load = pod.getContainers().getFirst();
        assertThat(load.getName()).isEqualTo("load");
        assertThat(load.getCommand().get(2)).contains(
                "MYSQL_PWD=\"${DB_ROOT_PASSWORD}\" mariadb --host=mariadb --port=3306 --user=root",
                "DROP DATABASE IF EXISTS store; CREATE DATABASE store",
                "gunzip -c /backup/db.sql.gz | mariadb --host=mariadb --port=3306 --user=store store",
                "if [ -f /backup/uploads.tar.gz ]; then find /var/www/html/wp-content -mindepth 1 -delete;"
                        + " tar -C /var/www/html/wp-content --no-same-owner -xzf /backup/uploads.tar.gz; fi");
        assertThat(pod.getInitContainers().getFirst().getCommand().get(2)).as("backups from before the volume have none")
                .contains("if aws s3api head-object --bucket \"${BACKUP_BUCKET}\" --key"
                        + " \"${BACKUP_DIRECTORY}/uploads.tar.gz\"");
        assertThat(load.getVolumeMounts()).extracting(m -> m.getMountPath() + (Boolean.TRUE.equals(m.getReadOnly())
                ? " ro" : "")).containsExactly("/backup", "/var/www/html/wp-content");
        assertNoCredentialIn(woo);

        Job medusa = BackupObjects.restoreJob(store(Engine.MEDUSA), SETTINGS, location(), "restore-x", WorkerConfig.defaults());
        assertThat(medusa.getSpec().getTemplate().getSpec().getContainers().getFirst().getCommand().get(2))
                .contains("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;", "--single-transaction",
                        "--set=ON_ERROR_STOP=1");
    }

    @Test
    void theCredentialsSecretIsAShapeUntilFilledAtApply() {
        Secret shape = BackupObjects.credentialsShape(store(Engine.WOOCOMMERCE));
        assertThat(shape.getMetadata().getName()).isEqualTo("backup-credentials");
        assertThat(shape.getData()).containsOnly(Map.entry("access-key-id", ""), Map.entry("secret-access-key", ""));
        Secret filled = BackupObjects.credentials(shape, SETTINGS);
        assertThat(decode(filled.getData().get("access-key-id"))).isEqualTo("AKIDEXAMPLE");
        assertThat(decode(filled.getData().get("secret-access-key"))).isEqualTo("wJalrXUtnFEMI-secret");
        assertThat(SETTINGS.toString()).doesNotContain("wJalrXUtnFEMI-secret").doesNotContain("AKIDEXAMPLE");
    }

    @Test
    void backupPodsReachOnlyTheDatabaseAndObjectStorage() {
        StoreSpec store = store(Engine.MEDUSA);
        NetworkPolicy out = BackupObjects.jobsOut(store, SETTINGS);
        assertThat(out.getSpec().getPodSelector().getMatchLabels())
                .containsEntry(StoreLabels.COMPONENT, "backup");
        assertThat(out.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(out.getSpec().getEgress()).hasSize(2);
        assertThat(out.getSpec().getEgress().get(0).getPorts().getFirst().getPort().getIntVal()).isEqualTo(5432);
        assertThat(out.getSpec().getEgress().get(1).getPorts().getFirst().getPort().getIntVal()).isEqualTo(9000);

        NetworkPolicy in = BackupObjects.databaseFromJobs(store);
        assertThat(in.getSpec().getPodSelector().getMatchLabels())
                .containsEntry(StoreLabels.COMPONENT, "database");
        assertThat(in.getSpec().getIngress().getFirst().getFrom().getFirst().getPodSelector().getMatchLabels())
                .containsEntry(StoreLabels.COMPONENT, "backup");
    }

    @Test
    void theStoppedAppIsTheAppsOwnDeploymentAtZeroReplicas() {
        StoreSpec store = store(Engine.WOOCOMMERCE);
        var stopped = BackupObjects.stoppedApp(store, WorkerConfig.defaults());
        var running = ApplicationObjects.deployment(store, WorkerConfig.defaults());
        assertThat(stopped.getSpec().getReplicas()).isZero();
        assertThat(stopped.getSpec().getTemplate()).isEqualTo(running.getSpec().getTemplate());
        assertThat(stopped.getMetadata()).isEqualTo(running.getMetadata());
    }

    /** No key, no password, anywhere in the serialized Job: only secretKeyRefs. */
    private static void assertNoCredentialIn(Job job) {
        String yaml = Serialization.asYaml(job);
        assertThat(yaml).doesNotContain("wJalrXUtnFEMI-secret").doesNotContain("AKIDEXAMPLE");
        List<Container> all = new java.util.ArrayList<>(job.getSpec().getTemplate().getSpec().getInitContainers());
        all.addAll(job.getSpec().getTemplate().getSpec().getContainers());
        for (Container container : all) {
            assertThat(container.getArgs()).isNullOrEmpty();
            assertThat(container.getCommand().get(2)).doesNotContain("--password");
        }
    }

    private static Map<String, String> secretRefs(Container container) {
        return container.getEnv().stream().filter(e -> e.getValueFrom() != null).collect(Collectors.toMap(
                EnvVar::getName, e -> e.getValueFrom().getSecretKeyRef().getName() + "/"
                        + e.getValueFrom().getSecretKeyRef().getKey()));
    }

    private static Map<String, String> plain(Container container) {
        return container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
