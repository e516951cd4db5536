package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.storeorchestrator.common.catalog.StoreTemplate;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A WooCommerce store's wp-content volume, exactly: the claim, the app Deployment's mount and its podAffinity with a
 * ReadWriteOnce volume (none with ReadWriteMany), the template Job's mount and affinity, and where provisioning makes
 * the claim.
 */
class ContentVolumeTest {

    private static final WorkerConfig RWO = WorkerConfig.defaults();
    private static final WorkerConfig RWX = WorkerConfig.defaults().withContentVolume("nfs", "ReadWriteMany");
    private static final StoreTemplate TEMPLATE = Fixtures.CATALOG.template("woo-storefront").orElseThrow();

    @Test
    void theClaimIsSizedByThePlanReadWriteOnceOnTheDefaultClassByDefault() {
        StoreSpec store = Fixtures.woo();
        PersistentVolumeClaim claim = ContentVolume.claim(store, RWO);

        assertThat(claim.getKind()).isEqualTo("PersistentVolumeClaim");
        assertThat(claim.getMetadata().getName()).isEqualTo("wp-content").isEqualTo(ContentVolume.CLAIM_NAME);
        assertThat(claim.getMetadata().getNamespace()).isEqualTo(store.namespace());
        assertThat(claim.getMetadata().getLabels()).containsAllEntriesOf(store.labels())
                .containsEntry(StoreLabels.COMPONENT, "app").containsEntry(StoreLabels.NAME, "wp-content");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getStorageClassName()).as("absent: the cluster's default class").isNull();
        assertThat(claim.getSpec().getResources().getRequests()).containsOnlyKeys("storage");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("2Gi")
                .isEqualTo(store.plan().contentVolumeSize());
        assertThat(claim.getSpec().getResources().getLimits()).isNullOrEmpty();
        assertThat(claim.getSpec().getVolumeName()).isNull();
        assertThat(claim.getStatus()).isNull();
    }

    @Test
    void eachPlanSizesItsOwnClaim() {
        assertThat(Map.of(
                "small", size(Fixtures.onPlan(Fixtures.woo(), "small")),
                "medium", size(Fixtures.onPlan(Fixtures.woo(), "medium")),
                "large", size(Fixtures.onPlan(Fixtures.woo(), "large"))))
                .isEqualTo(Map.of("small", "2Gi", "medium", "5Gi", "large", "10Gi"));
    }

    @Test
    void theStorageClassAndAccessModeComeFromTheSettings() {
        PersistentVolumeClaim claim = ContentVolume.claim(Fixtures.woo(), RWX);
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("nfs");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");

        WorkerConfig blank = WorkerConfig.defaults().withContentVolume(" ", " ");
        assertThat(ContentVolume.claim(Fixtures.woo(), blank).getSpec().getStorageClassName()).isNull();
        assertThat(ContentVolume.claim(Fixtures.woo(), blank).getSpec().getAccessModes())
                .containsExactly("ReadWriteOnce");
    }

    @Test
    void anAccessModeOtherThanOnceOrManyIsRefusedAtStart() {
        assertThatThrownBy(() -> WorkerConfig.defaults().withContentVolume(null, "ReadWriteOncePod"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("WORKER_CONTENT_ACCESS_MODE").hasMessageContaining("ReadWriteOncePod");
    }

    @Test
    void everyAppPodMountsTheClaimWhereWordPressKeepsWpContent() {
        PodSpec pod = ApplicationObjects.deployment(Fixtures.woo(), RWO).getSpec().getTemplate().getSpec();

        assertThat(pod.getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo("wp-content");
            assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("wp-content");
            assertThat(volume.getPersistentVolumeClaim().getReadOnly()).isNull();
        });
        Container app = pod.getContainers().getFirst();
        assertThat(app.getVolumeMounts()).extracting("name", "mountPath", "subPath", "readOnly")
                .containsExactly(tuple("wp-content", "/var/www/html/wp-content", null, null));
        assertThat(ContentVolume.MOUNT_PATH).isEqualTo("/var/www/html/wp-content");
    }

    @Test
    void withReadWriteOnceEveryPodThatMountsItGathersOnOneNodeAndTheAppStillRollsASurgePod() {
        Deployment deployment = ApplicationObjects.deployment(Fixtures.onPlan(Fixtures.woo(), "large"), RWO);
        StoreSpec store = Fixtures.woo();

        assertOnTheVolumesNode(store, deployment.getSpec().getTemplate().getSpec().getAffinity());
        // The term selects the pods' own label: the first pod may land anywhere, the others follow it.
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels())
                .containsEntry(StoreLabels.CONTENT_VOLUME, "wp-content");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    }

    @Test
    void withReadWriteManyTheAppPodsMayGoAnywhere() {
        PodSpec pod = ApplicationObjects.deployment(Fixtures.onPlan(Fixtures.woo(), "large"), RWX).getSpec()
                .getTemplate().getSpec();
        assertThat(pod.getAffinity()).isNull();
        assertThat(pod.getVolumes()).extracting("name").containsExactly("wp-content");
    }

    @Test
    void appPodsFromBeforeTheVolumeAreNotWhatTheAffinitySelects() {
        // Their labels are the selector's: the term adds the content-volume label, which only mounting pods carry.
        StoreSpec store = Fixtures.woo();
        Map<String, String> selected = ContentVolume.onOneNode(store, RWO).orElseThrow().getPodAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getFirst().getLabelSelector().getMatchLabels();
        assertThat(store.labels(StoreSpec.COMPONENT_APP, "wordpress")).doesNotContainKey(StoreLabels.CONTENT_VOLUME);
        assertThat(selected).containsEntry(StoreLabels.CONTENT_VOLUME, ContentVolume.CLAIM_NAME);
    }

    @Test
    void medusaHasNoContentVolume() {
        StoreSpec medusa = Fixtures.medusa();
        PodSpec pod = ApplicationObjects.deployment(medusa, RWO).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).isNullOrEmpty();
        assertThat(pod.getAffinity()).isNull();
        assertThat(pod.getContainers().getFirst().getVolumeMounts()).isNullOrEmpty();
        assertThat(ApplicationObjects.deployment(medusa, RWO).getSpec().getTemplate().getMetadata().getLabels())
                .doesNotContainKey(StoreLabels.CONTENT_VOLUME);
        assertThat(StoreObjects.all(medusa, RWO)).noneMatch(PersistentVolumeClaim.class::isInstance);
        assertThat(stepNames(medusa)).doesNotContain(StepName.CONTENT);
    }

    @Test
    void theTemplateJobInstallsIntoTheStoresVolumeOnTheVolumesNode() {
        StoreSpec store = TemplateObjectsTest.withTemplate(Fixtures.woo(), TEMPLATE);
        Job job = TemplateObjects.job(store, RWO);
        PodSpec pod = job.getSpec().getTemplate().getSpec();

        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(StoreLabels.CONTENT_VOLUME, "wp-content")
                .containsEntry(StoreLabels.COMPONENT, "template");
        assertThat(pod.getVolumes()).extracting("name").containsExactly("wordpress", "wp-content");
        assertThat(pod.getVolumes().get(1).getPersistentVolumeClaim().getClaimName()).isEqualTo("wp-content");
        Container cli = pod.getContainers().getFirst();
        assertThat(cli.getName()).isEqualTo("wp-cli");
        assertThat(cli.getWorkingDir()).isEqualTo("/var/www/html");
        assertThat(cli.getVolumeMounts()).extracting("name", "mountPath")
                .contains(tuple("wp-content", "/var/www/html/wp-content"));
        // The image's own wp-content stays in the scratch copy: the store's volume is never overwritten by it.
        assertThat(pod.getInitContainers().getFirst().getVolumeMounts()).extracting("name")
                .containsExactly("wordpress");
        assertOnTheVolumesNode(store, pod.getAffinity());

        PodSpec anywhere = TemplateObjects.job(store, RWX).getSpec().getTemplate().getSpec();
        assertThat(anywhere.getAffinity()).isNull();
        assertThat(anywhere.getVolumes()).extracting("name").containsExactly("wordpress", "wp-content");
    }

    @Test
    void theClaimIsMadeOnceBeforeTheAppInItsOwnStep() {
        StoreSpec store = Fixtures.woo();
        List<Phase> phases = store.blueprint().phases(store, RWO);
        int content = phaseOf(phases, StepName.CONTENT);
        assertThat(content).isLessThan(phaseOf(phases, StepName.APPLICATION));
        assertThat(content).isEqualTo(phaseOf(phases, StepName.SERVICES));
        StoreStep step = Phase.steps(phases).filter(s -> s.name() == StepName.CONTENT).findFirst().orElseThrow();
        assertThat(step.objects()).singleElement().isInstanceOf(PersistentVolumeClaim.class);
        assertThat(StoreObjects.isCreatedOnce(step.objects().getFirst())).isTrue();
        assertThat(StoreObjects.all(store, RWO)).filteredOn(PersistentVolumeClaim.class::isInstance)
                .extracting(o -> o.getMetadata().getName()).containsExactly("wp-content");
    }

    @Test
    void aJobOnlyMountsItWhenItIsTheWordPressTemplate() {
        StoreSpec medusa = TemplateObjectsTest.withTemplate(Fixtures.medusa(),
                Fixtures.CATALOG.template("medusa-demo").orElseThrow());
        Job seed = TemplateObjects.job(medusa, RWO);
        assertThat(seed.getSpec().getTemplate().getSpec().getVolumes()).isNullOrEmpty();
        assertThat(seed.getSpec().getTemplate().getSpec().getAffinity()).isNull();
        assertThat(seed.getSpec().getTemplate().getMetadata().getLabels())
                .doesNotContainKey(StoreLabels.CONTENT_VOLUME);
    }

    private static void assertOnTheVolumesNode(StoreSpec store, Affinity affinity) {
        assertThat(affinity).isNotNull();
        assertThat(affinity.getNodeAffinity()).isNull();
        assertThat(affinity.getPodAntiAffinity()).isNull();
        assertThat(affinity.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
        List<PodAffinityTerm> terms = affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        assertThat(terms).singleElement().satisfies(term -> {
            assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(term.getLabelSelector().getMatchLabels()).isEqualTo(Map.of(
                    StoreLabels.STORE_ID, store.id().toString(), StoreLabels.CONTENT_VOLUME, "wp-content"));
            assertThat(term.getLabelSelector().getMatchExpressions()).isNullOrEmpty();
            assertThat(term.getNamespaces()).as("the pod's own namespace").isNullOrEmpty();
            assertThat(term.getNamespaceSelector()).isNull();
        });
    }

    private static String size(StoreSpec store) {
        return ContentVolume.claim(store, RWO).getSpec().getResources().getRequests().get("storage").toString();
    }

    private static List<StepName> stepNames(StoreSpec store) {
        return Phase.steps(store.blueprint().phases(store, RWO)).map(StoreStep::name).toList();
    }

    private static int phaseOf(List<Phase> phases, StepName name) {
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i) instanceof Phase.Apply apply
                    && apply.steps().stream().anyMatch(step -> step.name() == name)) {
                return i;
            }
        }
        throw new AssertionError(name + " is in no phase");
    }
}
