package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.Map;
import java.util.Optional;

import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_APP;

/**
 * A WooCommerce store's {@code wp-content}: what its users upload, and the themes and plugins its template installs,
 * on one PersistentVolumeClaim that every app pod and the template Job mount, so a restarted pod keeps the uploads,
 * replicas serve the same files and an installed plugin is there for every pod.
 *
 * <p>The official {@code wordpress} image keeps WordPress in {@code /usr/src/wordpress} and its entry point copies it
 * into the empty {@code /var/www/html} of each new container (docker-library/wordpress, docker-entrypoint.sh: "if
 * [ ! -e index.php ] && [ ! -e wp-includes/version.php ]"). It expects a mounted wp-content there: the "not empty"
 * warning ignores {@code wp-content}, and each theme and plugin directory of the image that already exists in the mount
 * is left out of the copy, so a plugin the template installed or updated is never replaced by the image's older copy.
 * The copy runs as root with {@code --owner www-data}, so the mount ends up WordPress's to write.
 *
 * <p>The claim is created once and never re-applied ({@link StoreObjects#isCreatedOnce}): a bound claim's spec is
 * immutable but for a larger size, and growing it depends on the storage class, so a later plan with another size
 * leaves the volume as it is, as the database volume is.
 *
 * <p>ReadWriteOnce (the default) can be mounted on one node only, by any number of pods there. Every pod that mounts
 * the claim is labelled {@link StoreLabels#CONTENT_VOLUME} and, with ReadWriteOnce, gets a required podAffinity to the
 * pods so labelled on {@code kubernetes.io/hostname} ({@link #onOneNode}). The first may go anywhere (the scheduler
 * lets a pod that matches its own affinity term through when no other pod does; kubernetes/kubernetes#91168), where
 * its volume's node affinity, if any, allows; the other app pods, a rolling update's surge pod and the template Job
 * follow it. App pods from before the volume carry no label, so they never draw new ones onto another node.
 * ReadWriteMany needs no affinity.
 */
public final class ContentVolume {

    /** The claim's name, one per store: what a backup Job mounts too. */
    public static final String CLAIM_NAME = "wp-content";
    /** Where WordPress keeps wp-content, in the app's image and in the WP-CLI image alike. */
    public static final String MOUNT_PATH = TemplateObjects.WORDPRESS_ROOT + "/wp-content";
    /** The pod volume's name. */
    public static final String VOLUME_NAME = "wp-content";
    static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";

    private ContentVolume() {
    }

    /** The store's claim: the plan's size, the configured access mode, and storage class when one is set. */
    public static PersistentVolumeClaim claim(StoreSpec store, WorkerConfig config) {
        return new PersistentVolumeClaimBuilder()
                .withMetadata(store.metadata(CLAIM_NAME, COMPONENT_APP))
                .withNewSpec()
                .withAccessModes(config.contentVolumeAccessMode())
                .withStorageClassName(config.contentVolumeStorageClass().orElse(null))
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(store.plan().contentVolumeSize())))
                .endResources()
                .endSpec()
                .build();
    }

    /** The pod volume that refers to the claim. */
    public static Volume volume() {
        return new VolumeBuilder().withName(VOLUME_NAME).withNewPersistentVolumeClaim().withClaimName(CLAIM_NAME)
                .endPersistentVolumeClaim().build();
    }

    /** The claim mounted where WordPress keeps wp-content. */
    public static VolumeMount mount() {
        return new VolumeMountBuilder().withName(VOLUME_NAME).withMountPath(MOUNT_PATH).build();
    }

    /** {@code podTemplate} with the label of a pod that mounts the claim, which {@link #onOneNode} selects. */
    public static ObjectMeta mounting(ObjectMeta podTemplate) {
        return new ObjectMetaBuilder(podTemplate).addToLabels(StoreLabels.CONTENT_VOLUME, CLAIM_NAME).build();
    }

    /**
     * With a ReadWriteOnce volume, a required podAffinity to the store's other pods that mount it, on the same node;
     * none with ReadWriteMany. For every pod that mounts the claim (labelled by {@link #mounting}): the app's and the
     * template Job's.
     */
    public static Optional<Affinity> onOneNode(StoreSpec store, WorkerConfig config) {
        if (!config.contentVolumeOnOneNode()) {
            return Optional.empty();
        }
        return Optional.of(new AffinityBuilder()
                .withNewPodAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                .withNewLabelSelector()
                .withMatchLabels(Map.of(StoreLabels.STORE_ID, store.id().toString(),
                        StoreLabels.CONTENT_VOLUME, CLAIM_NAME))
                .endLabelSelector()
                .withTopologyKey(HOSTNAME_TOPOLOGY)
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endPodAffinity()
                .build());
    }
}
