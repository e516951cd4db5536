package io.storeorchestrator.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Store templates through the REST API, with the real services as processes on the simulated cluster and the shipped
 * catalog's templates: a WooCommerce store with its theme and plugins and a Medusa store with its seed become READY
 * after their template Job, a store whose template Job fails is FAILED at once with the Job's reason, and a store
 * provisioned again after its namespace vanished installs its template again.
 */
class StoreTemplateE2EIT {

    /** Far beyond how long a failed Job takes to be noticed: failing fast means long before this. */
    private static final Duration PROVISIONING_TIMEOUT = Duration.ofMinutes(5);

    private static PlatformStack stack;
    private static ApiClient api;

    @BeforeAll
    static void startPlatform() {
        stack = new PlatformStack(ClusterSimConfig.forTests());
        api = stack.startApi(Map.of("PROVISIONING_TIMEOUT", "5m"));
        stack.startWorker("provisioner-worker-1", Map.of("WORKER_DRIFT_CHECK_INTERVAL", "2s"));
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theTemplatesAreListed() {
        JsonNode items = api.send("GET", "/api/v1/templates?engine=woocommerce", null).body().path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("id").asText()).isEqualTo("woo-storefront");
    }

    @Test
    void aWooCommerceStoreInstallsItsThemeAndPluginsWithWpCliBeforeItIsReady() {
        ApiClient.Reply created = create("woo-" + suffix(), "woocommerce", "woo-storefront");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(202);
        assertThat(created.body().path("template").asText()).isEqualTo("woo-storefront");
        String id = created.body().path("id").asText();
        String namespace = created.body().path("namespace").asText();

        awaitStatus(id, "READY");
        List<String> steps = steps(id);
        assertThat(steps).containsSubsequence("STARTED provision", "STEP application", "STEP ingress", "STEP template",
                "READY wait-ready");
        assertThat(steps).as("the template goes in once the app serves").anyMatch(step -> step.endsWith(" wait-app"));
        assertThat(steps.indexOf("STEP template")).isGreaterThan(firstIndexEndingWith(steps, " wait-app"));
        assertThat(api.timeline(id)).anyMatch(line -> line.startsWith("STEP template:")
                && line.contains("NetworkPolicy allow-template-to-internet created, Job store-template created"));

        KubernetesClient kube = stack.kubernetes();
        Job job = kube.batch().v1().jobs().inNamespace(namespace).withName("store-template").get();
        assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
        Container cli = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(cli.getImage()).isEqualTo("wordpress:cli-2.11.0-php8.2");
        assertThat(cli.getArgs().getFirst()).contains("wp theme install storefront --version=4.6.0 --activate",
                "wp plugin install woocommerce --version=9.3.3 --activate");
        // The theme and plugins land on the store's wp-content volume, the one every app pod serves them from.
        assertThat(cli.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getName()).isEqualTo("wp-content");
            assertThat(mount.getMountPath()).isEqualTo("/var/www/html/wp-content");
        });
        assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(volume -> volume.getPersistentVolumeClaim() != null)
                .singleElement().satisfies(volume -> assertThat(volume.getPersistentVolumeClaim().getClaimName())
                        .isEqualTo("wp-content"));
        assertThat(kube.apps().deployments().inNamespace(namespace).withName("wordpress").get().getSpec()
                .getTemplate().getSpec().getVolumes()).singleElement().satisfies(volume -> assertThat(volume
                .getPersistentVolumeClaim().getClaimName()).isEqualTo("wp-content"));
        assertThat(kube.network().networkPolicies().inNamespace(namespace).withName("allow-template-to-internet")
                .get()).isNotNull();
        assertThat(api.store(id).body().path("template").asText()).isEqualTo("woo-storefront");
    }

    @Test
    void aMedusaStoreRunsItsSeedAfterItsMigrationsAndAdminUser() {
        ApiClient.Reply created = create("medusa-" + suffix(), "medusa", "medusa-demo");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(202);
        String id = created.body().path("id").asText();
        String namespace = created.body().path("namespace").asText();

        awaitStatus(id, "READY");
        assertThat(steps(id)).containsSubsequence("STEP migrations", "STEP admin-user", "STEP ingress",
                "STEP template", "READY wait-ready");
        Job seed = stack.kubernetes().batch().v1().jobs().inNamespace(namespace).withName("store-template").get();
        assertThat(seed.getStatus().getSucceeded()).isEqualTo(1);
        Container container = seed.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getCommand()).containsExactly("medusa");
        assertThat(container.getArgs()).containsExactly("exec", "./src/scripts/seed.ts");
    }

    @Test
    void aStoreWhoseTemplateJobFailsIsFailedAtOnceWithTheJobsReason() {
        Instant start = Instant.now();
        ApiClient.Reply created = create("templatefail-" + suffix(), "woocommerce", "woo-storefront");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(202);
        String id = created.body().path("id").asText();

        awaitStatus(id, "FAILED");
        assertThat(Duration.between(start, Instant.now())).as("fails fast, not at its deadline")
                .isLessThan(PROVISIONING_TIMEOUT.dividedBy(2));
        JsonNode failure = api.store(id).body().path("failure");
        assertThat(failure.path("reason").asText()).isEqualTo("BackoffLimitExceeded");
        assertThat(failure.path("step").asText()).isEqualTo("wait-ready");
        assertThat(failure.path("message").asText()).contains("Job store-template failed", "container wp-cli");
        assertThat(steps(id)).contains("STEP template").doesNotContain("READY wait-ready");
    }

    @Test
    void aStoreProvisionedAgainAfterItsNamespaceVanishedGetsItsTemplateAgain() {
        String id = create("vanish-" + suffix(), "woocommerce", "woo-storefront").body().path("id").asText();
        awaitStatus(id, "READY");
        String namespace = api.store(id).body().path("namespace").asText();
        KubernetesClient kube = stack.kubernetes();

        kube.namespaces().withName(namespace).delete();

        await("re-provisioned").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<String> steps = steps(id);
            assertThat(steps).anySatisfy(line -> assertThat(line).startsWith("REPROVISIONING reprovision"));
            assertThat(steps.subList(firstIndexEndingWith(steps, " reprovision"), steps.size()))
                    .as("its database is new: the template goes in again").contains("STEP template");
            assertThat(api.status(id)).isEqualTo("READY");
        });
        Job job = kube.batch().v1().jobs().inNamespace(namespace).withName("store-template").get();
        assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    }

    private static ApiClient.Reply create(String name, String engine, String template) {
        return api.send("POST", "/api/v1/stores", "{\"name\":\"" + name + "\",\"engine\":\"" + engine
                + "\",\"template\":\"" + template + "\"}");
    }

    /** "TYPE step" of each timeline entry, oldest first. */
    private static List<String> steps(String id) {
        return api.timeline(id).stream().map(line -> line.substring(0, line.indexOf(':'))).toList();
    }

    private static int firstIndexEndingWith(List<String> steps, String suffix) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).endsWith(suffix)) {
                return i;
            }
        }
        return -1;
    }

    private static void awaitStatus(String id, String status) {
        await(id + " " + status).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(api.status(id)).as("timeline: %s", api.timeline(id)).isEqualTo(status));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
