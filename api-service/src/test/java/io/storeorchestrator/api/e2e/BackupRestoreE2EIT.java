package io.storeorchestrator.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.clustersim.kubelet.FailureMode;
import io.storeorchestrator.clustersim.kubelet.FailureRule;
import io.storeorchestrator.clustersim.kubelet.FailureTarget;
import io.storeorchestrator.common.naming.StoreNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.storeorchestrator.common.catalog.StoreCatalogLoader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backups and restore through the REST API, with the real services as processes on the simulated cluster and a real
 * S3-compatible server (S3Proxy, signatures checked) as object storage.
 *
 * <p>What is simulated: cluster-sim runs no containers, so a backup Job's dump and upload do not happen; when
 * cluster-sim completes a {@code backup-<id>} Job, this test puts a dump and a manifest where the Job would have
 * uploaded them. Everything after that is real: the worker's HEAD requests (signed) read the sizes it reports, and a
 * restore checks the backup is there before it starts. A restore Job's load is likewise only "completed" or "failed"
 * by cluster-sim's rules.
 */
class BackupRestoreE2EIT {

    private static final byte[] DUMP = "-- MariaDB dump\nCREATE TABLE wp_posts (id int);\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MANIFEST = "{\"objects\":[\"db.sql.gz\"]}\n".getBytes(StandardCharsets.UTF_8);

    private static ObjectStorageServer storage;
    private static PlatformStack stack;
    private static ApiClient api;

    @BeforeAll
    static void startPlatform() throws Exception {
        storage = ObjectStorageServer.start();
        stack = new PlatformStack(ClusterSimConfig.forTests());
        // What a backup Job's upload container would have done.
        stack.cluster().kubelet().onJobCompletion((namespace, job) -> {
            if (job.startsWith("backup-")) {
                String directory = "store-backups/" + StoreNames.storeIdOf(namespace).orElseThrow() + "/"
                        + job.substring("backup-".length());
                storage.put(directory + "/db.sql.gz", DUMP);
                storage.put(directory + "/manifest.json", MANIFEST);
            }
        });
        String catalog = catalog().toString();
        api = stack.startApi(Map.of("STORE_BASE_DOMAIN", "shops.e2e.test", "PROVISIONING_TIMEOUT", "2m",
                "API_BACKUPS_ENABLED", "true", "STORE_CATALOG_FILE", catalog));
        Map<String, String> worker = new HashMap<>(storage.workerSettings());
        worker.put("STORE_CATALOG_FILE", catalog);
        stack.startWorker("provisioner-worker-1", worker);
        stack.startWorker("provisioner-worker-2", worker);
        stack.startReaper("reaper-1", Map.of("REAPER_BACKUPS_ENABLED", "true", "STORE_CATALOG_FILE", catalog));
    }

    /**
     * The shipped catalog with plan small unscheduled (the tests count its backups) and medium backed up every hour:
     * a new medium store, having no backup, is due at once.
     */
    private static Path catalog() throws IOException {
        try (InputStream in = StoreCatalogLoader.class.getResourceAsStream(StoreCatalogLoader.DEFAULT_RESOURCE)) {
            String shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(shipped).contains("backups: {every: 24h, keep: 3}", "backups: {every: 24h, keep: 7}");
            Path file = Files.createTempFile("store-catalog-", ".yml");
            Files.writeString(file, shipped.replace("backups: {every: 24h, keep: 3}", "backups: {keep: 3}")
                    .replace("backups: {every: 24h, keep: 7}", "backups: {every: 1h, keep: 7}"));
            return file;
        }
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void aBackupIsListedWithItsSizeAndARestoreBringsTheStoreBackToReady() {
        String id = readyStore("backup-" + suffix());
        String backup = backUp(id);

        JsonNode listed = backupNamed(id, backup);
        assertThat(listed.path("kind").asText()).isEqualTo("MANUAL");
        assertThat(listed.path("sizeBytes").asLong()).isEqualTo(DUMP.length + MANIFEST.length);
        assertThat(listed.path("finishedAt").isTextual()).isTrue();
        assertThat(api.status(id)).isEqualTo("READY"); // a backup never moves the store
        assertThat(steps(id)).contains("ACCEPTED backup", "STEP backup", "BACKUP_SUCCEEDED backup");

        ApiClient.Reply restore = api.send("POST", "/api/v1/stores/" + id + "/restore",
                "{\"backup\":\"" + backup + "\"}");
        assertThat(restore.status()).as(restore.raw().body()).isEqualTo(202);
        assertThat(restore.body().path("status").asText()).isEqualTo("RESTORING");
        assertError(api.send("POST", "/api/v1/stores/" + id + "/restore", "{\"backup\":\"" + backup + "\"}"),
                409, "INVALID_STATE_TRANSITION");

        awaitStatus(id, "READY");
        assertThat(steps(id)).containsSubsequence("ACCEPTED restore", "STEP pre-restore-backup",
                "BACKUP_SUCCEEDED pre-restore-backup", "STEP stop-app", "STEP restore-data", "STEP start-app",
                "RESTORED restore");
        assertThat(api.store(id).body().path("statusReason").isNull()).isTrue();

        JsonNode backups = api.send("GET", "/api/v1/stores/" + id + "/backups", null).body().path("items");
        assertThat(backups).hasSize(2);
        assertThat(backups.get(0).path("kind").asText()).isEqualTo("PRE_RESTORE");
        assertThat(backups.get(0).path("status").asText()).isEqualTo("SUCCEEDED");

        String namespace = StoreNames.namespaceFor(UUID.fromString(id));
        KubernetesClient kube = stack.kubernetes();
        Job restoreJob = kube.batch().v1().jobs().inNamespace(namespace).list().getItems().stream()
                .filter(job -> job.getMetadata().getName().startsWith("restore-" + backup)).findFirst().orElseThrow();
        assertThat(restoreJob.getStatus().getSucceeded()).isEqualTo(1);
        assertThat(kube.apps().deployments().inNamespace(namespace).withName("wordpress").get().getSpec()
                .getReplicas()).isEqualTo(1);
        assertThat(kube.secrets().inNamespace(namespace).withName("backup-credentials").get()).isNotNull();
        assertNoCredentialIn(id);
    }

    @Test
    void aMedusaStoreIsBackedUpAndRestoredWithItsOwnAppStoppedAndStarted() {
        ApiClient.Reply created = api.createStore("medusa-" + suffix(), "medusa");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(202);
        String id = created.body().path("id").asText();
        awaitStatus(id, "READY");
        String backup = backUp(id);

        assertThat(api.send("POST", "/api/v1/stores/" + id + "/restore", "{\"backup\":\"" + backup + "\"}")
                .status()).isEqualTo(202);
        awaitStatus(id, "READY");

        assertThat(steps(id)).containsSubsequence("STEP stop-app", "STEP restore-data", "STEP start-app",
                "RESTORED restore");
        String namespace = StoreNames.namespaceFor(UUID.fromString(id));
        KubernetesClient kube = stack.kubernetes();
        assertThat(kube.apps().deployments().inNamespace(namespace).withName("medusa").get().getSpec().getReplicas())
                .isEqualTo(1);
        Job load = kube.batch().v1().jobs().inNamespace(namespace).list().getItems().stream()
                .filter(job -> job.getMetadata().getName().startsWith("restore-" + backup)).findFirst().orElseThrow();
        assertThat(load.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("postgres:16-alpine");
    }

    @Test
    void aStoreCreatedFromABackupIsRestoredFromItOnceProvisioned() {
        String source = readyStore("source-" + suffix());
        String backup = backUp(source);

        ApiClient.Reply created = api.send("POST", "/api/v1/stores", "{\"name\":\"clone-" + suffix()
                + "\",\"engine\":\"woocommerce\",\"fromBackup\":\"" + backup + "\"}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(202);
        String id = created.body().path("id").asText();
        await(id + " restored").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(steps(id)).contains("RESTORED restore"));
        awaitStatus(id, "READY");

        assertThat(steps(id)).containsSubsequence("ACCEPTED create", "READY wait-ready", "ACCEPTED restore",
                "STEP pre-restore-backup", "STEP stop-app", "STEP restore-data", "STEP start-app", "RESTORED restore");
        String namespace = StoreNames.namespaceFor(UUID.fromString(id));
        Job load = stack.kubernetes().batch().v1().jobs().inNamespace(namespace).list().getItems().stream()
                .filter(job -> job.getMetadata().getName().startsWith("restore-" + backup)).findFirst().orElseThrow();
        // The dump is read from where the source store's backup lives.
        assertThat(load.getSpec().getTemplate().getSpec().getInitContainers().getFirst().getEnv())
                .anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("BACKUP_DIRECTORY");
                    assertThat(env.getValue()).isEqualTo("store-backups/" + source + "/" + backup);
                });

        assertError(api.send("POST", "/api/v1/stores", "{\"name\":\"clone-" + suffix()
                + "\",\"engine\":\"medusa\",\"fromBackup\":\"" + backup + "\"}"), 400, "VALIDATION_FAILED");
        assertError(api.send("POST", "/api/v1/stores", "{\"name\":\"clone-" + suffix()
                + "\",\"engine\":\"woocommerce\",\"fromBackup\":\"" + UUID.randomUUID() + "\"}"), 404,
                "BACKUP_NOT_FOUND");
        assertError(api.send("POST", "/api/v1/stores", "{\"name\":\"clone-" + suffix()
                + "\",\"engine\":\"woocommerce\",\"fromBackup\":\"last-week\"}"), 400, "VALIDATION_FAILED");
    }

    @Test
    void aRestoreWhoseJobFailsPutsTheStoreBackAsItWas() {
        String id = readyStore("putback-" + suffix());
        String backup = backUp(id);
        stack.cluster().kubelet().addRule(FailureRule.forJobNamePrefix("restore-" + backup, FailureMode.EXIT_ERROR));

        assertThat(api.send("POST", "/api/v1/stores/" + id + "/restore", "{\"backup\":\"" + backup + "\"}")
                .status()).isEqualTo(202);
        awaitStatus(id, "READY");

        assertThat(steps(id)).containsSubsequence("ACCEPTED restore", "BACKUP_SUCCEEDED pre-restore-backup",
                "STEP stop-app", "STEP restore-data", "WARNING put-back", "STEP put-back", "STEP put-back-start-app",
                "RESTORE_FAILED restore");
        String reason = api.store(id).body().path("statusReason").asText();
        assertThat(reason).contains("restore of backup " + backup + " failed", "BackoffLimitExceeded",
                "put back as it was before");
        JsonNode backups = api.send("GET", "/api/v1/stores/" + id + "/backups", null).body().path("items");
        assertThat(backups.get(0).path("kind").asText()).isEqualTo("PRE_RESTORE");
        assertThat(backups.get(0).path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void backupsPastThePlansRetentionAreDeletedFromObjectStorageAndTheList() {
        String id = readyStore("retention-" + suffix()); // plan small keeps 3
        String first = backUp(id);
        List<String> later = List.of(backUp(id), backUp(id), backUp(id));

        await("backup " + first + " pruned").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(api.send("GET", "/api/v1/stores/" + id + "/backups", null).body()
                        .path("items").findValuesAsText("id")).containsExactlyInAnyOrderElementsOf(later));
        assertThat(storage.exists("store-backups/" + id + "/" + first + "/db.sql.gz")).isFalse();
        assertThat(storage.exists("store-backups/" + id + "/" + first + "/manifest.json")).isFalse();
        assertThat(later).allSatisfy(kept ->
                assertThat(storage.exists("store-backups/" + id + "/" + kept + "/db.sql.gz")).isTrue());
        assertThat(api.timeline(id)).anySatisfy(line -> assertThat(line)
                .startsWith("BACKUP_DELETED backup: backup " + first + " deleted: plan small keeps the newest 3"));
    }

    @Test
    void theReaperBacksUpStoresOnAScheduledPlan() {
        ApiClient.Reply created = api.createStore("scheduled-" + suffix(), "woocommerce", "medium", "6.6");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(202);
        String id = created.body().path("id").asText();
        awaitStatus(id, "READY");

        await("a scheduled backup").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(api.send("GET", "/api/v1/stores/" + id + "/backups", null).body()
                        .path("items")).anySatisfy(backup -> {
                            assertThat(backup.path("kind").asText()).isEqualTo("SCHEDULED");
                            assertThat(backup.path("status").asText()).isEqualTo("SUCCEEDED");
                        }));
        assertThat(steps(id)).containsSubsequence("BACKUP_REQUESTED backup", "STEP backup",
                "BACKUP_SUCCEEDED backup");
        // One per schedule: the next is due in an hour, not at the next sweeps (every 500 ms here).
        await("no second scheduled backup").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> api.send("GET", "/api/v1/stores/" + id + "/backups", null).body().path("items")
                        .size() == 1);
        assertThat(api.status(id)).isEqualTo("READY");
    }

    @Test
    void requestsThatCannotBeServedSayWhy() {
        String name = "badbackup-" + suffix();
        String id = readyStore(name);
        stack.cluster().kubelet().addRule(new FailureRule("backups of " + name,
                pod -> pod.storeName().equals(name) && pod.podName().startsWith("backup-"), FailureMode.EXIT_ERROR,
                FailureTarget.JOB, false));
        ApiClient.Reply started = api.send("POST", "/api/v1/stores/" + id + "/backups", null);
        assertThat(started.status()).isEqualTo(202);
        String failed = started.body().path("id").asText();
        await("backup FAILED").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(backupNamed(id, failed).path("status").asText()).isEqualTo("FAILED"));
        assertThat(backupNamed(id, failed).path("reason").asText()).contains("BackoffLimitExceeded");
        assertThat(api.status(id)).isEqualTo("READY"); // a failed backup does not fail the store

        assertError(api.send("POST", "/api/v1/stores/" + id + "/restore", "{\"backup\":\"" + failed + "\"}"),
                409, "BACKUP_NOT_RESTORABLE");
        assertError(api.send("POST", "/api/v1/stores/" + id + "/restore", "{\"backup\":\"" + UUID.randomUUID()
                + "\"}"), 404, "BACKUP_NOT_FOUND");
        assertError(api.send("POST", "/api/v1/stores/" + id + "/restore", "{\"backup\":\"yesterday\"}"),
                400, "VALIDATION_FAILED");
        assertError(api.send("POST", "/api/v1/stores/" + id + "/restore", "{}"), 400, "VALIDATION_FAILED");
        assertError(api.send("POST", "/api/v1/stores/" + UUID.randomUUID() + "/backups", null), 404, "NOT_FOUND");

        // The same request again with its Idempotency-Key gets the first answer: one backup, not two.
        Map<String, String> key = Map.of("Idempotency-Key", "backup-" + suffix());
        ApiClient.Reply once = api.send("POST", "/api/v1/stores/" + id + "/backups", null, key);
        ApiClient.Reply again = api.send("POST", "/api/v1/stores/" + id + "/backups", null, key);
        assertThat(once.status()).as(once.raw().body()).isEqualTo(202);
        assertThat(again.body().path("id").asText()).isEqualTo(once.body().path("id").asText());
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertError(api.send("POST", "/api/v1/stores/" + id + "/backups", null,
                Map.of("Idempotency-Key", "k".repeat(256))), 400, "VALIDATION_FAILED");
        assertError(api.send("GET", "/api/v1/stores/" + UUID.randomUUID() + "/backups", null), 404, "NOT_FOUND");
    }

    private static String readyStore(String name) {
        ApiClient.Reply created = api.createStore(name, "woocommerce");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(202);
        String id = created.body().path("id").asText();
        awaitStatus(id, "READY");
        return id;
    }

    /** A backup of the store, SUCCEEDED. */
    private static String backUp(String id) {
        ApiClient.Reply started = api.send("POST", "/api/v1/stores/" + id + "/backups", null);
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        assertThat(started.body().path("status").asText()).isEqualTo("RUNNING");
        String backup = started.body().path("id").asText();
        await("backup " + backup + " SUCCEEDED").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(backupNamed(id, backup).path("status").asText())
                        .as("timeline: %s", api.timeline(id)).isEqualTo("SUCCEEDED"));
        assertThat(storage.exists("store-backups/" + id + "/" + backup + "/db.sql.gz")).isTrue();
        return backup;
    }

    private static JsonNode backupNamed(String id, String backup) {
        for (JsonNode item : api.send("GET", "/api/v1/stores/" + id + "/backups", null).body().path("items")) {
            if (backup.equals(item.path("id").asText())) {
                return item;
            }
        }
        throw new AssertionError("store " + id + " lists no backup " + backup);
    }

    /** Neither the keys nor the bucket's endpoint credentials appear in what the API shows. */
    private static void assertNoCredentialIn(String id) {
        String shown = api.send("GET", "/api/v1/stores/" + id + "/events", null).raw().body()
                + api.send("GET", "/api/v1/stores/" + id + "/backups", null).raw().body()
                + api.store(id).raw().body();
        assertThat(shown).doesNotContain(ObjectStorageServer.SECRET_KEY).doesNotContain(ObjectStorageServer.ACCESS_KEY);
    }

    private static List<String> steps(String id) {
        return api.timeline(id).stream().map(line -> line.substring(0, line.indexOf(':'))).toList();
    }

    private static void assertError(ApiClient.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(status);
        assertThat(reply.body().path("error").path("code").asText()).isEqualTo(code);
    }

    private static void awaitStatus(String id, String status) {
        await(id + " " + status).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(api.status(id)).as("timeline: %s", api.timeline(id)).isEqualTo(status));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
