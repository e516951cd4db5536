package io.storeorchestrator.worker.drift;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.common.naming.StoreNames;
import io.storeorchestrator.worker.config.WorkerConfig;
import io.storeorchestrator.worker.model.ContentVolume;
import io.storeorchestrator.worker.model.NetworkPolicies;
import io.storeorchestrator.worker.model.StoreObjects;
import io.storeorchestrator.worker.model.StoreSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class DriftComparatorTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final StoreCatalog CATALOG = StoreCatalogLoader.defaults();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyObjectAsTheApiServerReturnsItWithItsDefaultsIsNoDrift(Engine engine) {
        for (HasMetadata desired : StoreObjects.all(store(engine), WorkerConfig.defaults())) {
            assertThat(DriftComparator.compare(desired, asStored(desired))).as(desired.getKind()).isEmpty();
        }
    }

    /**
     * The content volume's claim is created once: a bound one whose size the plan no longer asks for (or whose class
     * the settings no longer name) is left alone, since no apply could change it back; a deleted one is made again.
     */
    @Test
    void theContentClaimDriftsOnlyByBeingGone() {
        PersistentVolumeClaim claim = desired(PersistentVolumeClaim.class, ContentVolume.CLAIM_NAME);
        PersistentVolumeClaim resized = asStored(claim);
        resized.getSpec().getResources().setRequests(Map.of("storage", new Quantity("1Gi")));
        resized.getSpec().setAccessModes(List.of("ReadWriteMany"));

        assertThat(DriftCheck.drift(claim, asStored(claim))).isEmpty();
        assertThat(DriftCheck.drift(claim, resized)).isEmpty();
        assertThat(DriftCheck.drift(claim, null)).hasValueSatisfying(drift ->
                assertThat(drift.describe()).isEqualTo("PersistentVolumeClaim wp-content: recreated (was deleted)"));
        // Everything else is compared field by field, as before.
        Deployment deployment = desired(Deployment.class, "wordpress");
        assertThat(DriftCheck.drift(deployment, changed(deployment, d -> d.getSpec().getTemplate().getSpec()
                .setAffinity(null)))).hasValueSatisfying(drift -> assertThat(drift.describe())
                .isEqualTo("Deployment wordpress: spec.template.spec.affinity restored"));
    }

    @Test
    void aDeletedObjectIsRecreated() {
        NetworkPolicy dns = desired(NetworkPolicy.class, NetworkPolicies.ALLOW_DNS);

        assertThat(DriftComparator.compare(dns, null)).hasValueSatisfying(drift ->
                assertThat(drift.describe()).isEqualTo("NetworkPolicy allow-dns: recreated (was deleted)"));
    }

    @Test
    void aScaledDownDeploymentGetsItsReplicasBack() {
        Deployment deployment = desired(Deployment.class, "wordpress");

        assertThat(drift(deployment, d -> d.getSpec().setReplicas(0)))
                .isEqualTo("Deployment wordpress: spec.replicas 0 → 1");
    }

    @Test
    void anEditedQuotaIsPutBack() {
        ResourceQuota quota = desired(ResourceQuota.class, "store-quota");

        assertThat(drift(quota, q -> q.getSpec().getHard().put("pods", new Quantity("99"))))
                .isEqualTo("ResourceQuota store-quota: spec.hard.pods 99 → 10");
    }

    @Test
    void aRemovedOrChangedLabelIsRestored() {
        Service service = desired(Service.class, "wordpress");

        assertThat(drift(service, s -> s.getMetadata().getLabels().remove(StoreLabels.PART_OF)))
                .isEqualTo("Service wordpress: label app.kubernetes.io/part-of restored");
        assertThat(drift(service, s -> s.getMetadata().getLabels().put(StoreLabels.PART_OF, "someone-else")))
                .isEqualTo("Service wordpress: label app.kubernetes.io/part-of someone-else → store-orchestrator");
    }

    @Test
    void aNamespaceThatLostItsManagedByLabelGetsItBack() {
        Namespace namespace = desired(Namespace.class, StoreNames.namespaceFor(store(Engine.WOOCOMMERCE).id()));

        assertThat(drift(namespace, n -> n.getMetadata().getLabels().remove(StoreLabels.MANAGED_BY)))
                .endsWith(": label app.kubernetes.io/managed-by restored");
    }

    @Test
    void anExtraRuleInAPolicyIsDriftSinceItOpensTheFence() {
        NetworkPolicy policy = desired(NetworkPolicy.class, NetworkPolicies.ALLOW_INGRESS_CONTROLLER_TO_APP);

        assertThat(drift(policy, p -> p.getSpec().getIngress().add(new NetworkPolicyIngressRuleBuilder().build())))
                .isEqualTo("NetworkPolicy allow-ingress-controller-to-app: spec.ingress 2 entries → 1 entry");
        assertThat(drift(policy, p -> p.getSpec().setPolicyTypes(List.of("Ingress", "Egress"))))
                .isEqualTo("NetworkPolicy allow-ingress-controller-to-app: spec.policyTypes [Ingress, Egress] → [Ingress]");
    }

    @Test
    void aWidenedRuleIsDrift() {
        NetworkPolicy policy = desired(NetworkPolicy.class, NetworkPolicies.ALLOW_DATABASE_FROM_APP);

        assertThat(drift(policy, p -> p.getSpec().getIngress().getFirst().getPorts().getFirst()
                .setPort(new IntOrString(1))))
                .isEqualTo("NetworkPolicy allow-database-from-app: spec.ingress[0].ports[0].port 1 → 3306");
        assertThat(drift(policy, p -> p.getSpec().getIngress().getFirst().setFrom(List.of())))
                .isEqualTo("NetworkPolicy allow-database-from-app: spec.ingress[0].from restored");
    }

    @Test
    void aChangedImageNamesTheContainer() {
        Deployment deployment = desired(Deployment.class, "wordpress");

        assertThat(drift(deployment, d -> d.getSpec().getTemplate().getSpec().getContainers().getFirst()
                .setImage("wordpress:evil")))
                .isEqualTo("Deployment wordpress: spec.template.spec.containers[wordpress].image wordpress:evil → "
                        + store(Engine.WOOCOMMERCE).version().image());
    }

    @Test
    void whatOthersAddIsNotDrift() {
        Deployment deployment = desired(Deployment.class, "wordpress");

        assertThat(DriftComparator.compare(deployment, changed(deployment, d -> {
            d.getSpec().getTemplate().getSpec().getContainers().add(new ContainerBuilder().withName("sidecar")
                    .withImage("proxy:1").build());
            d.getMetadata().getLabels().put("team", "shop");
            d.getMetadata().setAnnotations(Map.of("deployment.kubernetes.io/revision", "3"));
        }))).isEmpty();
    }

    @Test
    void quantitiesCompareByValue() {
        StatefulSet database = desired(StatefulSet.class, "mariadb");

        assertThat(DriftComparator.compare(database, changed(database, s -> {
            var resources = s.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources();
            String limit = resources.getLimits().get("memory").toString();
            assertThat(limit).isEqualTo("1Gi");
            resources.getLimits().put("memory", new Quantity("1024Mi"));
            resources.getRequests().put("cpu", new Quantity("0.1"));
        }))).isEmpty();
    }

    @Test
    void theGenerationAndRevisionStampsOfPodTemplatesAreBookkeepingNotDrift() {
        Deployment deployment = desired(Deployment.class, "wordpress");

        assertThat(DriftComparator.compare(deployment, changed(deployment, d -> d.getSpec().getTemplate()
                .getMetadata().setAnnotations(Map.of(StoreLabels.GENERATION, "1"))))).isEmpty();
    }

    @Test
    void envValuesAreNamedButNeverShown() {
        Deployment deployment = desired(Deployment.class, "wordpress");

        String drift = drift(deployment, d -> d.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()
                .stream().filter(env -> env.getValue() != null).findFirst().orElseThrow().setValue("s3cret"));
        assertThat(drift).contains(".env[").contains("(changed) → (changed)").doesNotContain("s3cret");
    }

    @Test
    void aLongListOfChangesIsCut() {
        Deployment deployment = desired(Deployment.class, "wordpress");

        String drift = drift(deployment, d -> d.getMetadata().setLabels(Map.of()));
        assertThat(drift).endsWith(" and 2 more").contains("label app.kubernetes.io/managed-by restored");
    }

    @Test
    void aChangedPortIsFoundByName() {
        Service service = desired(Service.class, "wordpress");

        assertThat(drift(service, s -> s.getSpec().getPorts().getFirst().setTargetPort(new IntOrString(8080))))
                .isEqualTo("Service wordpress: spec.ports[http].targetPort 8080 → http");
    }

    private static <T extends HasMetadata> String drift(T desired, Consumer<T> edit) {
        return DriftComparator.compare(desired, changed(desired, edit)).orElseThrow().describe();
    }

    private static <T extends HasMetadata> T changed(T desired, Consumer<T> edit) {
        T actual = asStored(desired);
        edit.accept(actual);
        return actual;
    }

    /** The object as the API server returns it: what was applied, plus what Kubernetes fills in. */
    private static <T extends HasMetadata> T asStored(T desired) {
        T stored = SERIALIZATION.clone(desired);
        stored.getMetadata().setUid(UUID.randomUUID().toString());
        stored.getMetadata().setResourceVersion("4711");
        stored.getMetadata().setGeneration(3L);
        stored.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
        stored.getMetadata().setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("store-orchestrator")
                .withOperation("Apply").build()));
        switch (stored) {
            case Namespace namespace -> {
                namespace.getMetadata().getLabels().put("kubernetes.io/metadata.name", namespace.getMetadata().getName());
                namespace.setSpec(new io.fabric8.kubernetes.api.model.NamespaceSpecBuilder().withFinalizers("kubernetes")
                        .build());
            }
            case Service service -> {
                if (service.getSpec().getClusterIP() == null) {
                    service.getSpec().setClusterIP("10.96.0.7");
                }
                service.getSpec().setSessionAffinity("None");
                service.getSpec().setIpFamilies(List.of("IPv4"));
            }
            case Deployment deployment -> {
                deployment.getSpec().setRevisionHistoryLimit(10);
                deployment.getSpec().setProgressDeadlineSeconds(600);
                deployment.getSpec().getTemplate().getSpec().setRestartPolicy("Always");
                deployment.getSpec().getTemplate().getSpec().setDnsPolicy("ClusterFirst");
                deployment.getSpec().getTemplate().getSpec().getContainers().forEach(container -> {
                    container.setImagePullPolicy("IfNotPresent");
                    container.setTerminationMessagePath("/dev/termination-log");
                    container.getReadinessProbe().setTimeoutSeconds(1);
                    container.getReadinessProbe().getHttpGet().setScheme("HTTP");
                });
                deployment.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                        .withReplicas(1).withReadyReplicas(1).build());
            }
            case PersistentVolumeClaim claim -> {
                // The default StorageClass admission plugin names the class; the binder the volume.
                claim.getSpec().setStorageClassName("local-path");
                claim.getSpec().setVolumeMode("Filesystem");
                claim.getSpec().setVolumeName("pvc-0b1c");
                claim.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound")
                        .withAccessModes(claim.getSpec().getAccessModes())
                        .withCapacity(claim.getSpec().getResources().getRequests()).build());
            }
            case StatefulSet statefulSet -> {
                statefulSet.getSpec().setPodManagementPolicy("OrderedReady");
                statefulSet.getSpec().getVolumeClaimTemplates().stream().findFirst().ifPresent(claim -> claim.setStatus(
                        new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder().withPhase("Pending")
                                .build()));
            }
            default -> {
            }
        }
        return stored;
    }

    private static <T extends HasMetadata> T desired(Class<T> kind, String name) {
        return StoreObjects.all(store(Engine.WOOCOMMERCE), WorkerConfig.defaults()).stream()
                .filter(kind::isInstance).map(kind::cast)
                .filter(object -> object.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
    }

    private static StoreSpec store(Engine engine) {
        UUID id = UUID.fromString("5f0c1c1e-8a57-4f7e-9a8e-0d2b6a3c4d5e");
        StoreCatalog.Choice choice = CATALOG.choose(engine, null, null);
        return new StoreSpec(id, "shop", engine, 3, StoreNames.namespaceFor(id), "shop.localtest.me", choice.plan(),
                choice.version(), 2);
    }
}
