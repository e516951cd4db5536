package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.storeorchestrator.common.domain.StoreSecretKeys;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.config.BackupSettings;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A store's backup and restore objects, built from the store and the backup settings alone (no client calls), as the
 * other builders are.
 *
 * <ul>
 *   <li>{@value #CREDENTIALS_SECRET}: the object storage keys, copied into the store's namespace so its Jobs read them
 *       by secretKeyRef. Its shape has empty values; {@link #credentials} fills them at apply, and the worker never
 *       logs it (Fabric8's toString prints data).</li>
 *   <li>Two NetworkPolicies on top of the store's deny-all: backup pods may reach the database and object storage
 *       (and DNS, which the store's own policy allows every pod), and the database accepts them.</li>
 *   <li>A backup Job: an init container of the store's own database image dumps the database (MariaDB:
 *       {@code mariadb-dump --single-transaction}, a consistent snapshot that locks nothing; PostgreSQL:
 *       {@code pg_dump}), gzipped, into an emptyDir; the main container uploads it and a manifest with the AWS CLI.</li>
 *   <li>A restore Job: an init container downloads the dump; the main container, of the database image, empties the
 *       database and loads it (PostgreSQL in one transaction, so a failed load changes nothing).</li>
 * </ul>
 *
 * Every credential reaches a container as an env var from a secretKeyRef, never as an argument or in the spec. A
 * WooCommerce store's wp-content volume ({@link ContentVolume}: uploads, themes, plugins) goes with its dump as
 * {@code uploads.tar.gz}, read-only, from the app's node; a restore empties the volume and unpacks it. Medusa has none.
 */
public final class BackupObjects {

    /** The component label of backup and restore pods: what their NetworkPolicies select. */
    public static final String COMPONENT_BACKUP = "backup";
    public static final String CREDENTIALS_SECRET = "backup-credentials";
    public static final String ACCESS_KEY_ID = "access-key-id";
    public static final String SECRET_ACCESS_KEY = "secret-access-key";
    public static final String ALLOW_BACKUP_JOBS_OUT = "allow-backup-jobs-out";
    public static final String ALLOW_DATABASE_FROM_BACKUP_JOBS = "allow-database-from-backup-jobs";
    /** A finished Job is kept a day: long enough for every look at it (a restore reads its Jobs' outcomes again). */
    static final int TTL_AFTER_FINISHED_SECONDS = 24 * 60 * 60;
    static final String DUMP_VOLUME = "dump";
    static final String DUMP_DIRECTORY = "/backup";
    static final String DUMP_FILE = DUMP_DIRECTORY + "/" + BackupLocation.DUMP;

    private BackupObjects() {
    }

    /** The backup Job of {@code backupId}: one per backup, created once. */
    public static String backupJobName(UUID backupId) {
        return "backup-" + backupId;
    }

    /**
     * The Job that loads {@code backupId} for the restore of {@code generation}: a second restore of the same backup is
     * a new Job, not the first one's completed one.
     */
    public static String restoreJobName(UUID backupId, long generation) {
        return "restore-" + backupId + "-g" + generation;
    }

    /** The credentials Secret as the store's objects list it: name, labels and keys, every value empty. */
    public static Secret credentialsShape(StoreSpec store) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(ACCESS_KEY_ID, "");
        data.put(SECRET_ACCESS_KEY, "");
        return new SecretBuilder()
                .withMetadata(store.metadata(CREDENTIALS_SECRET, COMPONENT_BACKUP))
                .withType("Opaque")
                .withData(data)
                .build();
    }

    /** {@code shape} with the keys of {@code settings}: what is applied, and never logged. */
    public static Secret credentials(Secret shape, BackupSettings settings) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(ACCESS_KEY_ID, base64(settings.accessKeyId()));
        data.put(SECRET_ACCESS_KEY, base64(settings.secretAccessKey()));
        return new SecretBuilder(shape).withData(data).build();
    }

    /** Backup pods out: to the store's database on its port, and to object storage on its port. */
    public static NetworkPolicy jobsOut(StoreSpec store, BackupSettings settings) {
        return new NetworkPolicyBuilder()
                .withMetadata(store.metadata(ALLOW_BACKUP_JOBS_OUT, COMPONENT_BACKUP))
                .withNewSpec()
                .withPodSelector(component(store, COMPONENT_BACKUP))
                .withPolicyTypes("Egress")
                .addNewEgress()
                .addNewTo().withPodSelector(component(store, StoreSpec.COMPONENT_DATABASE)).endTo()
                .withPorts(tcp(store.blueprint().database().port()))
                .endEgress()
                // Object storage may be a cloud service or a server inside the cluster (MinIO): any address, its port.
                .addNewEgress()
                .addNewTo().withNewIpBlock().withCidr("0.0.0.0/0").endIpBlock().endTo()
                .addNewTo().withNewIpBlock().withCidr("::/0").endIpBlock().endTo()
                .withPorts(tcp(settings.endpointPort()))
                .endEgress()
                .endSpec()
                .build();
    }

    /** The database accepts backup pods on its port (the store's own policy admits only its clients). */
    public static NetworkPolicy databaseFromJobs(StoreSpec store) {
        return new NetworkPolicyBuilder()
                .withMetadata(store.metadata(ALLOW_DATABASE_FROM_BACKUP_JOBS, COMPONENT_BACKUP))
                .withNewSpec()
                .withPodSelector(component(store, StoreSpec.COMPONENT_DATABASE))
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom().withPodSelector(component(store, COMPONENT_BACKUP)).endFrom()
                .withPorts(tcp(store.blueprint().database().port()))
                .endIngress()
                .endSpec()
                .build();
    }

    /**
     * The Job that takes backup {@code location}: dump (database image) → upload (the AWS CLI), through an emptyDir.
     * {@code version} goes into the manifest, with the engine: what the dump can be restored into.
     */
    public static Job backupJob(StoreSpec store, BackupSettings settings, BackupLocation location,
                                WorkerConfig config) {
        boolean uploads = store.blueprint().contentVolume();
        Container dump = databaseContainer(store, "dump", dumpScript(store) + (uploads ? TAR_UPLOADS : ""),
                uploads, true);
        String manifest = "{\"store\":\"" + location.storeId() + "\",\"backup\":\"" + location.backupId()
                + "\",\"engine\":\"" + store.engine().id() + "\",\"version\":\"" + store.version().version()
                + "\",\"objects\":[\"" + BackupLocation.DUMP + (uploads ? "\",\"" + BackupLocation.UPLOADS : "")
                + "\"]}";
        List<EnvVar> env = uploaderEnv(settings, location);
        env.add(new EnvVar("BACKUP_MANIFEST", manifest, null));
        Container upload = uploaderContainer(store, settings, "upload", env, """
                set -eu
                %saws s3 cp %s "s3://${BACKUP_BUCKET}/${BACKUP_DIRECTORY}/%s" --only-show-errors
                %sprintf '%%s\\n' "${BACKUP_MANIFEST}" > %s/%s
                aws s3 cp %s/%s "s3://${BACKUP_BUCKET}/${BACKUP_DIRECTORY}/%s" --only-show-errors
                """.formatted(pathStyleConfig(settings), DUMP_FILE, BackupLocation.DUMP, uploads ? UPLOAD_UPLOADS : "",
                DUMP_DIRECTORY,
                BackupLocation.MANIFEST, DUMP_DIRECTORY, BackupLocation.MANIFEST, BackupLocation.MANIFEST));
        // The app serves while its volume is read: with ReadWriteOnce the Job must run on the app's node.
        return job(store, settings, backupJobName(location.backupId()), dump, upload, uploads, config);
    }

    /** The Job that loads backup {@code location} into the store's database: download (AWS CLI) → load. */
    public static Job restoreJob(StoreSpec store, BackupSettings settings, BackupLocation location, String name,
                                 WorkerConfig config) {
        boolean uploads = store.blueprint().contentVolume();
        Container download = uploaderContainer(store, settings, "download", uploaderEnv(settings, location), """
                set -eu
                %saws s3 cp "s3://${BACKUP_BUCKET}/${BACKUP_DIRECTORY}/%s" %s --only-show-errors
                %s""".formatted(pathStyleConfig(settings), BackupLocation.DUMP, DUMP_FILE,
                uploads ? DOWNLOAD_UPLOADS : ""));
        Container load = databaseContainer(store, "load", loadScript(store) + (uploads ? UNTAR_UPLOADS : ""),
                uploads, false);
        // The app is stopped while this runs (or not yet started, for a clone): nothing else holds the volume.
        return job(store, settings, name, download, load, uploads, config);
    }

    /** The content volume, read-only, into the dump directory beside the database's dump. */
    private static final String TAR_UPLOADS = "tar -C %s -czf %s/%s .\n".formatted(ContentVolume.MOUNT_PATH,
            DUMP_DIRECTORY, BackupLocation.UPLOADS);
    private static final String UPLOAD_UPLOADS = ("aws s3 cp %s/%s \"s3://${BACKUP_BUCKET}/${BACKUP_DIRECTORY}/%s\""
            + " --only-show-errors\n").formatted(DUMP_DIRECTORY, BackupLocation.UPLOADS, BackupLocation.UPLOADS);
    /** Backups taken before the store had a content volume hold none: the volume is then left as it is. */
    private static final String DOWNLOAD_UPLOADS = ("if aws s3api head-object --bucket \"${BACKUP_BUCKET}\" --key"
            + " \"${BACKUP_DIRECTORY}/%s\" >/dev/null 2>&1; then aws s3 cp \"s3://${BACKUP_BUCKET}/${BACKUP_DIRECTORY}/%s\""
            + " %s/%s --only-show-errors; fi\n").formatted(BackupLocation.UPLOADS, BackupLocation.UPLOADS,
            DUMP_DIRECTORY, BackupLocation.UPLOADS);
    /** The volume emptied, then the backup's files put back: nothing uploaded after the backup stays. */
    private static final String UNTAR_UPLOADS = ("if [ -f %2$s/%3$s ]; then find %1$s -mindepth 1 -delete;"
            + " tar -C %1$s --no-same-owner -xzf %2$s/%3$s; fi\n").formatted(ContentVolume.MOUNT_PATH,
            DUMP_DIRECTORY, BackupLocation.UPLOADS);

    /**
     * The app Deployment as its builder makes it, at zero replicas: what a restore applies so nothing writes while
     * the dump loads. Applied through the same builder, so the store's next apply (or drift check) brings it back.
     */
    public static Deployment stoppedApp(StoreSpec store, WorkerConfig config) {
        return new DeploymentBuilder(ApplicationObjects.deployment(store, config)).editSpec().withReplicas(0).endSpec().build();
    }

    /** MariaDB's dump is one consistent snapshot (InnoDB, no table locks); PostgreSQL's always is. */
    static String dumpScript(StoreSpec store) {
        return switch (store.engine()) {
            case WOOCOMMERCE -> """
                    set -euo pipefail
                    mariadb-dump --host=%s --port=%d --user=store --single-transaction --quick --routines --triggers \
                    store | gzip -c > %s
                    """.formatted(store.databaseName(), store.blueprint().database().port(), DUMP_FILE);
            case MEDUSA -> """
                    set -euo pipefail
                    pg_dump --host=%s --port=%d --username=store --dbname=store --no-owner --no-privileges \
                    | gzip -c > %s
                    """.formatted(store.databaseName(), store.blueprint().database().port(), DUMP_FILE);
        };
    }

    /**
     * The database emptied, then the dump loaded: a restore leaves nothing of what came after the backup. PostgreSQL
     * does both in one transaction, so a load that fails changes nothing; MariaDB cannot (its DDL commits), which is
     * why a restore backs the store up first.
     */
    static String loadScript(StoreSpec store) {
        return switch (store.engine()) {
            case WOOCOMMERCE -> """
                    set -euo pipefail
                    MYSQL_PWD="${DB_ROOT_PASSWORD}" mariadb --host=%1$s --port=%2$d --user=root \
                    --execute='DROP DATABASE IF EXISTS store; CREATE DATABASE store'
                    gunzip -c %3$s | mariadb --host=%1$s --port=%2$d --user=store store
                    """.formatted(store.databaseName(), store.blueprint().database().port(), DUMP_FILE);
            case MEDUSA -> """
                    set -euo pipefail
                    { echo 'DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;'; gunzip -c %3$s; } \
                    | psql --host=%1$s --port=%2$d --username=store --dbname=store --set=ON_ERROR_STOP=1 \
                    --single-transaction --quiet
                    """.formatted(store.databaseName(), store.blueprint().database().port(), DUMP_FILE);
        };
    }

    /**
     * The database image's container: the client that matches the server, and its password from the store's Secret
     * (MYSQL_PWD and PGPASSWORD are what the clients read; nothing on a command line). MariaDB's images have bash;
     * PostgreSQL's Alpine image has BusyBox's sh, which knows pipefail too.
     */
    private static Container databaseContainer(StoreSpec store, String name, String script, boolean uploads,
                                               boolean readOnly) {
        DatabaseSpec database = store.blueprint().database();
        Map<String, String> secrets = new LinkedHashMap<>();
        String shell;
        switch (store.engine()) {
            case WOOCOMMERCE -> {
                secrets.put("MYSQL_PWD", StoreSecretKeys.DATABASE_PASSWORD);
                secrets.put("DB_ROOT_PASSWORD", StoreSecretKeys.DATABASE_ROOT_PASSWORD);
                shell = "bash";
            }
            case MEDUSA -> {
                secrets.put("PGPASSWORD", StoreSecretKeys.DATABASE_PASSWORD);
                shell = "sh";
            }
            default -> throw new IllegalStateException("no dump for engine " + store.engine());
        }
        return new ContainerBuilder()
                .withName(name)
                .withImage(database.image())
                .withCommand(shell, "-c", script)
                .withEnv(Containers.env(Map.of(), secrets, Map.of()))
                .withVolumeMounts(uploads ? List.of(dumpMount(), contentMount(readOnly)) : List.of(dumpMount()))
                .withResources(Containers.resources(store.plan().app()))
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(Containers.securityContext(database.port()))
                .build();
    }

    private static Container uploaderContainer(StoreSpec store, BackupSettings settings, String name,
                                               List<EnvVar> env, String script) {
        return new ContainerBuilder()
                .withName(name)
                .withImage(settings.uploaderImage())
                .withCommand("sh", "-c", script)
                .withEnv(env)
                .withVolumeMounts(dumpMount())
                .withResources(Containers.resources(store.plan().app()))
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(Containers.securityContext(settings.endpointPort()))
                .build();
    }

    /** Plain settings first, then the keys by secretKeyRef; no value here is a secret. */
    private static List<EnvVar> uploaderEnv(BackupSettings settings, BackupLocation location) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("AWS_CONFIG_FILE", "/tmp/aws-config", null));
        env.add(new EnvVar("AWS_DEFAULT_REGION", settings.region(), null));
        settings.customEndpoint().ifPresent(endpoint -> env.add(new EnvVar("AWS_ENDPOINT_URL", endpoint, null)));
        env.add(new EnvVar("BACKUP_BUCKET", settings.bucket(), null));
        env.add(new EnvVar("BACKUP_DIRECTORY", location.directory(), null));
        env.add(credential("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID));
        env.add(credential("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY));
        return env;
    }

    /** Path-style addressing has no env var in the AWS CLI: a config file in /tmp says it. */
    private static String pathStyleConfig(BackupSettings settings) {
        return settings.pathStyle()
                ? "printf '[default]\\ns3 =\\n    addressing_style = path\\n' > \"${AWS_CONFIG_FILE}\"\n" : "";
    }

    private static EnvVar credential(String name, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(CREDENTIALS_SECRET).withKey(key).withOptional(false)
                .endSecretKeyRef().endValueFrom().build();
    }

    /**
     * A Job that never disturbs the store: a pod of its own, the app's requests and limits (the plan's quota holds
     * one Job pod beside the store's, PlanQuotaTest), a deadline, removed a day after it finished.
     */
    private static Job job(StoreSpec store, BackupSettings settings, String name, Container first, Container then,
                           boolean uploads, WorkerConfig config) {
        Job job = new JobBuilder()
                .withMetadata(store.metadata(name, COMPONENT_BACKUP))
                .withNewSpec()
                .withBackoffLimit(JobObjects.BACKOFF_LIMIT)
                .withActiveDeadlineSeconds(settings.jobDeadline().toSeconds())
                .withTtlSecondsAfterFinished(TTL_AFTER_FINISHED_SECONDS)
                .withNewTemplate()
                .withMetadata(store.podTemplateMetadata(name, COMPONENT_BACKUP))
                .withNewSpec()
                .withRestartPolicy("Never")
                .withSecurityContext(Containers.podSecurityContext())
                .withInitContainers(first)
                .withContainers(then)
                .addNewVolume().withName(DUMP_VOLUME).withNewEmptyDir()
                .withSizeLimit(new Quantity(store.plan().databaseVolumeSize())).endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        if (!uploads) {
            return job;
        }
        // The dump directory holds the volume's archive too: room for both.
        job.getSpec().getTemplate().getSpec().getVolumes().getFirst().getEmptyDir().setSizeLimit(new Quantity(
                Quantity.getAmountInBytes(new Quantity(store.plan().databaseVolumeSize()))
                        .add(Quantity.getAmountInBytes(new Quantity(store.plan().contentVolumeSize()))).toBigInteger()
                        .toString()));
        var pod = job.getSpec().getTemplate();
        pod.setMetadata(ContentVolume.mounting(pod.getMetadata()));
        pod.getSpec().getVolumes().add(ContentVolume.volume());
        ContentVolume.onOneNode(store, config).ifPresent(pod.getSpec()::setAffinity);
        return job;
    }

    private static VolumeMount contentMount(boolean readOnly) {
        return new io.fabric8.kubernetes.api.model.VolumeMountBuilder(ContentVolume.mount()).withReadOnly(readOnly)
                .build();
    }

    private static VolumeMount dumpMount() {
        return new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName(DUMP_VOLUME).withMountPath(DUMP_DIRECTORY)
                .build();
    }

    private static LabelSelector component(StoreSpec store, String component) {
        return new LabelSelectorBuilder().withMatchLabels(Map.of(StoreLabels.STORE_ID, store.id().toString(),
                StoreLabels.COMPONENT, component)).build();
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort tcp(int port) {
        return new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
