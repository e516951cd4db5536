package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.storeorchestrator.common.catalog.StoreTemplate;
import io.storeorchestrator.common.domain.StoreSecretKeys;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.storeorchestrator.worker.model.WorkloadObjectsTest.assertSecretsOnlyByReference;
import static io.storeorchestrator.worker.model.WorkloadObjectsTest.env;
import static io.storeorchestrator.worker.model.WorkloadObjectsTest.secretRefs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A store's template: its Job for each engine, exactly, and where it sits in provisioning. */
class TemplateObjectsTest {

    private static final WorkerConfig CONFIG = WorkerConfig.defaults();
    private static final StoreTemplate WOO_TEMPLATE = new StoreTemplate("shop", io.storeorchestrator.common.domain.Engine.WOOCOMMERCE,
            "", new StoreTemplate.WordPressPackage("storefront", "4.6.0"),
            List.of(new StoreTemplate.WordPressPackage("woocommerce", "9.3.3"),
                    new StoreTemplate.WordPressPackage("contact-form-7", null)), null);
    private static final StoreTemplate MEDUSA_TEMPLATE = Fixtures.CATALOG.template("medusa-demo").orElseThrow();

    private final StoreSpec woo = withTemplate(Fixtures.woo(), WOO_TEMPLATE);
    private final StoreSpec medusa = withTemplate(Fixtures.medusa(), MEDUSA_TEMPLATE);

    static StoreSpec withTemplate(StoreSpec store, StoreTemplate template) {
        return new StoreSpec(store.id(), store.name(), store.engine(), store.generation(), store.namespace(),
                store.host(), store.plan(), store.version(), store.revision(), store.tenant(), template,
                store.customHosts());
    }

    @Test
    void theWordPressJobInstallsTheThemeAndEachPluginWithWpCliAfterInstallingWordPressIfNeeded() {
        Job job = TemplateObjects.job(woo, CONFIG);
        assertThat(job.getMetadata().getName()).isEqualTo("store-template");
        assertThat(job.getMetadata().getNamespace()).isEqualTo(woo.namespace());
        assertThat(job.getMetadata().getLabels()).containsEntry(StoreLabels.COMPONENT, "template")
                .containsEntry(StoreLabels.STORE_ID, woo.id().toString());
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
        assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(StoreLabels.GENERATION, "3").containsEntry(StoreLabels.REVISION, "1");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");

        Container cli = pod.getContainers().getFirst();
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(cli.getName()).isEqualTo("wp-cli");
        assertThat(cli.getImage()).isEqualTo("wordpress:cli-2.11.0-php8.2");
        assertThat(cli.getCommand()).containsExactly("sh", "-c");
        assertThat(cli.getArgs()).containsExactly("""
                set -eu
                wp core is-installed || wp core install --url="$WP_URL" --title="$WP_TITLE" --admin_user=admin \
                --admin_password="$WP_ADMIN_PASSWORD" --admin_email="$WP_ADMIN_EMAIL" --skip-email
                wp theme install storefront --version=4.6.0 --activate
                wp plugin install woocommerce --version=9.3.3 --activate
                wp plugin install contact-form-7 --activate""");
        assertThat(cli.getWorkingDir()).isEqualTo("/var/www/html");
        assertThat(cli.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
        assertThat(env(cli)).isEqualTo(Map.of(
                "WORDPRESS_DB_HOST", "mariadb:3306", "WORDPRESS_DB_USER", "store", "WORDPRESS_DB_NAME", "store",
                "WP_URL", "http://shop.localtest.me", "WP_TITLE", "shop", "WP_ADMIN_EMAIL", "admin@shop.localtest.me"));
        assertThat(secretRefs(cli)).isEqualTo(Map.of(
                "WORDPRESS_DB_PASSWORD", StoreSecretKeys.DATABASE_PASSWORD,
                "WORDPRESS_AUTH_KEY", StoreSecretKeys.APP_SECRET,
                "WP_ADMIN_PASSWORD", StoreSecretKeys.ADMIN_PASSWORD));
        assertSecretsOnlyByReference(cli);
        assertThat(cli.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
    }

    @Test
    void theAppsOwnWordPressIsCopiedIntoTheVolumeWpCliWorksIn() {
        PodSpec pod = TemplateObjects.job(woo, CONFIG).getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers()).singleElement().satisfies(files -> {
            assertThat(files.getName()).isEqualTo("wordpress-files");
            assertThat(files.getImage()).isEqualTo("wordpress:6.6-apache");
            assertThat(files.getCommand()).containsExactly("sh", "-c");
            assertThat(files.getArgs()).containsExactly("cp -R /usr/src/wordpress/. /var/www/html/ "
                    + "&& cp /var/www/html/wp-config-docker.php /var/www/html/wp-config.php");
            assertThat(files.getVolumeMounts()).singleElement().satisfies(mount -> {
                assertThat(mount.getName()).isEqualTo("wordpress");
                assertThat(mount.getMountPath()).isEqualTo("/var/www/html");
            });
            assertThat(files.getEnv()).isNullOrEmpty();
        });
        // WP-CLI works in that copy, with the store's content volume over its wp-content (ContentVolumeTest).
        assertThat(pod.getContainers().getFirst().getVolumeMounts()).extracting("name", "mountPath")
                .containsExactly(tuple("wordpress", "/var/www/html"), tuple("wp-content", "/var/www/html/wp-content"));
        assertThat(pod.getVolumes()).hasSize(2).first().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo("wordpress");
            assertThat(volume.getEmptyDir()).isNotNull();
        });
    }

    @Test
    void bothWordPressContainersRunAsWordPressWithNoCapability() {
        PodSpec pod = TemplateObjects.job(woo, CONFIG).getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(33L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(33L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(33L);
        assertThat(pod.getSecurityContext().getFsGroupChangePolicy()).isEqualTo("OnRootMismatch");
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        for (Container container : List.of(pod.getInitContainers().getFirst(), pod.getContainers().getFirst())) {
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        }
    }

    @Test
    void withTlsWordPressIsInstalledOnItsHttpsUrl() {
        Container cli = TemplateObjects.job(woo, CONFIG.withTlsClusterIssuer("letsencrypt")).getSpec().getTemplate()
                .getSpec().getContainers().getFirst();
        assertThat(env(cli)).containsEntry("WP_URL", "https://shop.localtest.me");
    }

    @Test
    void theMedusaSeedRunsTheScriptWithMedusaExecInTheAppsImageAndEnv() {
        Job job = TemplateObjects.job(medusa, CONFIG);
        assertThat(job.getMetadata().getName()).isEqualTo("store-template");
        assertThat(job.getMetadata().getLabels()).containsEntry(StoreLabels.COMPONENT, "template");
        Container seed = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(seed.getName()).isEqualTo("seed");
        assertThat(seed.getImage()).isEqualTo(medusa.version().image());
        assertThat(seed.getCommand()).containsExactly("medusa");
        assertThat(seed.getArgs()).containsExactly("exec", "./src/scripts/seed.ts");
        assertThat(seed.getEnv()).isEqualTo(medusa.blueprint().appEnv(medusa));
        assertSecretsOnlyByReference(seed);

        StoreSpec withArgs = withTemplate(medusa, new StoreTemplate("eu", medusa.engine(), null, null, List.of(),
                new StoreTemplate.MedusaSeed("./dist/seed.js", List.of("--region=eu", "--products=10"))));
        assertThat(TemplateObjects.job(withArgs, CONFIG).getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getArgs()).containsExactly("exec", "./dist/seed.js", "--region=eu", "--products=10");
    }

    @Test
    void aTemplateAddsWaitAppTheTemplateStepAndItsJobToWaitReady() {
        ProvisionSteps woo = new ProvisionSteps(this.woo);
        assertThat(woo.names()).containsExactly(StepName.NAMESPACE, StepName.RESOURCE_QUOTA, StepName.LIMIT_RANGE,
                StepName.NETWORK_POLICIES, StepName.SECRET, StepName.SERVICES, StepName.CONTENT, StepName.DATABASE,
                StepName.APPLICATION, StepName.INGRESS, StepName.WAIT_APP, StepName.TEMPLATE, StepName.WAIT_READY);
        assertThat(this.woo.blueprint().waitAt(this.woo, StepName.WAIT_APP)).hasValue(
                new WaitStep(StepName.WAIT_APP, List.of("mariadb"), List.of("wordpress"), List.of()));
        assertThat(this.woo.blueprint().readiness(this.woo)).isEqualTo(
                new WaitStep(StepName.WAIT_READY, List.of("mariadb"), List.of("wordpress"), List.of("store-template")));

        ProvisionSteps medusa = new ProvisionSteps(this.medusa);
        assertThat(medusa.names()).endsWith(StepName.ADMIN_USER, StepName.APPLICATION, StepName.INGRESS,
                StepName.WAIT_APP, StepName.TEMPLATE, StepName.WAIT_READY);
        assertThat(this.medusa.blueprint().waitAt(this.medusa, StepName.WAIT_APP).orElseThrow().jobs())
                .as("the admin user is made before the seed, so one Job pod runs at a time")
                .containsExactly("medusa-migrate-r1", "medusa-admin-user");
        assertThat(this.medusa.blueprint().readiness(this.medusa).jobs())
                .containsExactly("medusa-migrate-r1", "medusa-admin-user", "store-template");
    }

    @Test
    void aStoreWithoutATemplateIsBuiltAsBefore() {
        for (StoreSpec plain : List.of(Fixtures.woo(), Fixtures.medusa())) {
            assertThat(plain.blueprint().phases(plain, CONFIG)).isEqualTo(plain.blueprint().enginePhases(plain, CONFIG));
            assertThat(plain.blueprint().waits(plain)).isEqualTo(plain.blueprint().engineWaits(plain));
            assertThat(new ProvisionSteps(plain).names()).doesNotContain(StepName.WAIT_APP, StepName.TEMPLATE);
        }
    }

    @Test
    void theTemplateStepCarriesTheJobsOwnNetworkAllowancesAndTheEngineFenceStaysAsItWas() {
        StoreStep step = TemplateObjects.step(woo, CONFIG).orElseThrow();
        assertThat(step.objects()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
                "NetworkPolicy/allow-template-to-database", "NetworkPolicy/allow-database-from-template",
                "NetworkPolicy/allow-template-to-internet", "Job/store-template");
        NetworkPolicy toDatabase = (NetworkPolicy) step.objects().getFirst();
        assertThat(toDatabase.getSpec().getPodSelector().getMatchLabels())
                .containsEntry(StoreLabels.COMPONENT, "template");
        assertThat(toDatabase.getSpec().getEgress().getFirst().getPorts().getFirst().getPort().getIntVal())
                .isEqualTo(3306);
        NetworkPolicy fromTemplate = (NetworkPolicy) step.objects().get(1);
        assertThat(fromTemplate.getSpec().getPodSelector().getMatchLabels())
                .containsEntry(StoreLabels.COMPONENT, "database");
        assertThat(fromTemplate.getSpec().getIngress().getFirst().getFrom().getFirst().getPodSelector()
                .getMatchLabels()).containsEntry(StoreLabels.COMPONENT, "template");

        assertThat(TemplateObjects.step(medusa, CONFIG).orElseThrow().objects())
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
                        "NetworkPolicy/allow-template-to-database", "NetworkPolicy/allow-database-from-template",
                        "NetworkPolicy/allow-template-to-cache", "NetworkPolicy/allow-cache-from-template",
                        "Job/store-template");
        assertThat(NetworkPolicies.all(woo, CONFIG)).isEqualTo(NetworkPolicies.all(Fixtures.woo(), CONFIG));
    }

    @Test
    void theTemplatesObjectsAreAmongTheStoresObjectsOnlyWhileItHasItsTemplate() {
        List<String> names = StoreObjects.all(woo, CONFIG).stream().map(HasMetadata::getMetadata)
                .map(m -> m.getName()).toList();
        assertThat(names).contains("store-template", "allow-template-to-internet");
        assertThat(StoreObjects.all(Fixtures.woo(), CONFIG)).noneMatch(o -> o.getMetadata().getName()
                .contains("template"));
    }

    /** The step names provisioning reports, waits included, in order. */
    private record ProvisionSteps(StoreSpec store) {
        List<StepName> names() {
            return store.blueprint().phases(store, CONFIG).stream().flatMap(phase -> switch (phase) {
                case Phase.Apply apply -> apply.steps().stream().map(StoreStep::name);
                case Phase.Await await -> java.util.stream.Stream.of(await.step().step());
            }).toList();
        }
    }
}
