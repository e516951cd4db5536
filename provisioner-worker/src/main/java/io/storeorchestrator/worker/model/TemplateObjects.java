package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.storeorchestrator.common.catalog.StoreTemplate;
import io.storeorchestrator.common.domain.StoreSecretKeys;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_TEMPLATE;

/**
 * A store's template, installed once by a Job after its app first serves, and what that adds to provisioning: a wait
 * for the app ({@code wait-app}), the {@code template} step (the Job and the network allowances it needs), and the Job
 * among what {@code wait-ready} waits for. A failed Job fails the store with the Job's reason, as Medusa's migrations do.
 *
 * <pre>
 * … → ingress → wait-app → template → wait-ready (the app, and the template's Job complete)
 * </pre>
 *
 * The Job has one name per store and is created once: a re-run of the command finds it and keeps it, a retry after it
 * failed replaces it, and nothing but a PROVISION carries the template, so an update, a rollback or a drift check never
 * runs it again.
 */
public final class TemplateObjects {

    /** One per store, whatever its engine or revision. */
    public static final String JOB_NAME = "store-template";
    /** WordPress's own user and group in both the official app and WP-CLI images. */
    static final long WWW_DATA = 33;
    static final String WORDPRESS_VOLUME = "wordpress";
    static final String WORDPRESS_ROOT = "/var/www/html";
    /**
     * WordPress as the app's image has it, with the wp-config.php the image's entry point would write: it reads the
     * database and keys from the same env as the app, so WP-CLI talks to the store's database as the app does.
     */
    static final String COPY_WORDPRESS = "cp -R /usr/src/wordpress/. " + WORDPRESS_ROOT + "/ && cp " + WORDPRESS_ROOT
            + "/wp-config-docker.php " + WORDPRESS_ROOT + "/wp-config.php";

    private TemplateObjects() {
    }

    /** The template step, when the store has a template. */
    static Optional<StoreStep> step(StoreSpec store, WorkerConfig config) {
        if (store.template() == null) {
            return Optional.empty();
        }
        List<HasMetadata> objects = new ArrayList<>(NetworkPolicies.template(store));
        objects.add(job(store, config));
        return Optional.of(new StoreStep(StepName.TEMPLATE, "installs the store's template "
                + store.template().id() + " once, after the app first serves", objects));
    }

    /**
     * The engine's waits with the template's: {@code wait-app} (what wait-ready waits for, before the Job exists) and
     * wait-ready also waiting for the Job. Unchanged for a store without a template.
     */
    static List<WaitStep> waits(StoreSpec store, List<WaitStep> engineWaits) {
        if (store.template() == null) {
            return engineWaits;
        }
        WaitStep ready = engineWaits.getLast();
        List<WaitStep> waits = new ArrayList<>(engineWaits.subList(0, engineWaits.size() - 1));
        waits.add(new WaitStep(StepName.WAIT_APP, ready.statefulSets(), ready.deployments(), ready.jobs()));
        waits.add(new WaitStep(StepName.WAIT_READY, ready.statefulSets(), ready.deployments(),
                Stream.concat(ready.jobs().stream(), Stream.of(JOB_NAME)).toList()));
        return List.copyOf(waits);
    }

    /** The engine's phases with the template's before its last wait; unchanged for a store without a template. */
    static List<Phase> phases(StoreSpec store, WorkerConfig config, List<Phase> enginePhases) {
        return step(store, config).map(step -> {
            List<WaitStep> waits = waits(store, store.blueprint().engineWaits(store));
            List<Phase> phases = new ArrayList<>(enginePhases.subList(0, enginePhases.size() - 1));
            phases.add(Phase.await(waits.get(waits.size() - 2)));
            phases.add(Phase.apply(step));
            phases.add(Phase.await(waits.getLast()));
            return List.copyOf(phases);
        }).orElse(enginePhases);
    }

    /** The store's template Job, for its engine. */
    public static Job job(StoreSpec store, WorkerConfig config) {
        StoreTemplate template = store.template();
        return switch (store.engine()) {
            case WOOCOMMERCE -> wordPress(store, config, template,
                    TlsCondition.from(config).isMet() ? "https" : "http");
            case MEDUSA -> medusaSeed(store, template.seed());
        };
    }

    /**
     * WP-CLI against the store's database: WordPress installed if the app has not been yet (its admin is {@code admin}
     * with the password from the Secret), then the theme and each plugin installed and activated. An init container
     * of the app's image puts the app's WordPress into a volume the WP-CLI container works in, so the two agree on the
     * version and the configuration. Both run as WordPress's user, with no capability.
     *
     * <p>The WP-CLI container mounts the store's {@link ContentVolume} over that WordPress's wp-content, so the theme
     * and plugin files land where every app pod serves them from; WordPress keeps which are active in its database.
     * The init container does not mount it: its copy of the image's wp-content stays in the scratch volume and never
     * overwrites what the store's volume holds. With a ReadWriteOnce volume the Job's pod runs on the app's node.
     */
    static Job wordPress(StoreSpec store, WorkerConfig config, StoreTemplate template, String scheme) {
        List<EnvVar> env = WooCommerceBlueprint.env(Map.of(
                        "WP_URL", scheme + "://" + store.host(),
                        "WP_TITLE", store.name(),
                        "WP_ADMIN_EMAIL", MedusaBlueprint.adminEmail(store)),
                Map.of("WP_ADMIN_PASSWORD", StoreSecretKeys.ADMIN_PASSWORD));
        VolumeMount wordpress = new VolumeMountBuilder().withName(WORDPRESS_VOLUME).withMountPath(WORDPRESS_ROOT).build();
        Container files = new ContainerBuilder()
                .withName("wordpress-files")
                .withImage(store.version().image())
                .withCommand("sh", "-c")
                .withArgs(COPY_WORDPRESS)
                .withVolumeMounts(wordpress)
                .withResources(Containers.resources(store.plan().app()))
                .withSecurityContext(unprivileged())
                .build();
        Container cli = new ContainerBuilder()
                .withName("wp-cli")
                .withImage(store.version().cliImage())
                .withCommand("sh", "-c")
                .withArgs(wpCliScript(template))
                .withWorkingDir(WORDPRESS_ROOT)
                .withEnv(env)
                .withVolumeMounts(wordpress, ContentVolume.mount())
                .withResources(Containers.resources(store.plan().app()))
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(unprivileged())
                .build();
        return new JobBuilder()
                .withMetadata(store.metadata(JOB_NAME, COMPONENT_TEMPLATE))
                .withNewSpec()
                .withBackoffLimit(JobObjects.BACKOFF_LIMIT)
                .withNewTemplate()
                .withMetadata(ContentVolume.mounting(store.podTemplateMetadata(JOB_NAME, COMPONENT_TEMPLATE)))
                .withNewSpec()
                .withRestartPolicy("Never")
                .withSecurityContext(wwwData())
                .withAffinity(ContentVolume.onOneNode(store, config).orElse(null))
                .withInitContainers(files)
                .withContainers(cli)
                .addNewVolume().withName(WORDPRESS_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                .addToVolumes(ContentVolume.volume())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The commands, one a line, stopping at the first that fails. Slugs and versions were held to a narrow alphabet by
     * the catalog; the password is expanded by the shell in the pod, never written into the spec.
     */
    static String wpCliScript(StoreTemplate template) {
        List<String> lines = new ArrayList<>();
        lines.add("set -eu");
        lines.add("wp core is-installed || wp core install --url=\"$WP_URL\" --title=\"$WP_TITLE\" --admin_user=admin"
                + " --admin_password=\"$WP_ADMIN_PASSWORD\" --admin_email=\"$WP_ADMIN_EMAIL\" --skip-email");
        if (template.theme() != null) {
            lines.add("wp theme install " + release(template.theme()) + " --activate");
        }
        template.plugins().forEach(plugin -> lines.add("wp plugin install " + release(plugin) + " --activate"));
        return String.join("\n", lines);
    }

    private static String release(StoreTemplate.WordPressPackage pkg) {
        return pkg.version() == null ? pkg.slug() : pkg.slug() + " --version=" + pkg.version();
    }

    /** {@code medusa exec <script> [args]} in the app's image, with the app's env, once the app serves. */
    static Job medusaSeed(StoreSpec store, StoreTemplate.MedusaSeed seed) {
        List<String> args = new ArrayList<>(List.of("exec", seed.script()));
        args.addAll(seed.args());
        return JobObjects.job(store, JOB_NAME, COMPONENT_TEMPLATE, "seed", List.of("medusa"), args,
                store.blueprint().appEnv(store));
    }

    /**
     * WordPress's user. fsGroup makes the store's wp-content volume writable for it where the class supports
     * ownership; only when the volume's root is not the group already, so a large volume is not walked on every run.
     */
    private static PodSecurityContext wwwData() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true).withRunAsUser(WWW_DATA).withRunAsGroup(WWW_DATA).withFsGroup(WWW_DATA)
                .withFsGroupChangePolicy("OnRootMismatch")
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    private static SecurityContext unprivileged() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }
}
