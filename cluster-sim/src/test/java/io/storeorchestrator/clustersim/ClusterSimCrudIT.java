package io.storeorchestrator.clustersim;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.storeorchestrator.common.naming.StoreLabels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The API semantics the platform relies on, through the real Fabric8 client. */
class ClusterSimCrudIT {

    private static ClusterSim sim;
    private static KubernetesClient client;
    private String namespace;

    @BeforeAll
    static void start() {
        sim = ClusterSim.start(ClusterSimConfig.forTests());
        client = sim.client();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void createNamespace() {
        namespace = SimFixtures.uniqueNamespace();
        client.namespaces().resource(SimFixtures.storeNamespace(namespace, "plain-shop")).create();
    }

    @Test
    void everyKindCanBeCreatedReadListedAndDeleted() {
        List<HasMetadata> objects = List.of(
                new ConfigMapBuilder().withNewMetadata().withName("cm").endMetadata().addToData("k", "v").build(),
                new SecretBuilder().withNewMetadata().withName("secret").endMetadata()
                        .addToStringData("password", "s3cret").build(),
                new ServiceBuilder().withNewMetadata().withName("svc").endMetadata().withNewSpec()
                        .addNewPort().withPort(80).endPort().endSpec().build(),
                new ServiceAccountBuilder().withNewMetadata().withName("sa").endMetadata().build(),
                new PersistentVolumeClaimBuilder().withNewMetadata().withName("pvc").endMetadata().withNewSpec()
                        .withAccessModes("ReadWriteOnce").withNewResources()
                        .withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec().build(),
                new ResourceQuotaBuilder().withNewMetadata().withName("quota").endMetadata().withNewSpec()
                        .withHard(Map.of("pods", new Quantity("10"))).endSpec().build(),
                new LimitRangeBuilder().withNewMetadata().withName("limits").endMetadata().withNewSpec()
                        .addNewLimit().withType("Container").endLimit().endSpec().build(),
                new IngressBuilder().withNewMetadata().withName("storefront").endMetadata().withNewSpec()
                        .withIngressClassName("nginx").addNewRule().withHost("shop.localtest.me").endRule()
                        .endSpec().build(),
                new NetworkPolicyBuilder().withNewMetadata().withName("deny-all").endMetadata().withNewSpec()
                        .withPolicyTypes("Ingress").endSpec().build(),
                new LeaseBuilder().withNewMetadata().withName("lease").endMetadata().withNewSpec()
                        .withHolderIdentity("me").endSpec().build(),
                new PodDisruptionBudgetBuilder().withNewMetadata().withName("pdb").endMetadata().withNewSpec()
                        .withNewMinAvailable(1).endSpec().build(),
                new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("hpa").endMetadata().withNewSpec()
                        .withMaxReplicas(3).withNewScaleTargetRef().withKind("Deployment").withName("wordpress")
                        .withApiVersion("apps/v1").endScaleTargetRef().endSpec().build(),
                SimFixtures.app(namespace, "1"),
                SimFixtures.database(namespace, "1"));

        for (HasMetadata object : objects) {
            HasMetadata created = client.resource(object).inNamespace(namespace).create();
            assertThat(created.getMetadata().getUid()).as(object.getKind()).isNotBlank();
            assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
            assertThat(client.resource(object).inNamespace(namespace).get()).as(object.getKind()).isNotNull();
        }

        assertThat(client.services().inNamespace(namespace).withName("svc").get().getSpec().getClusterIP())
                .startsWith("10.96.");
        assertThat(client.secrets().inNamespace(namespace).withName("secret").get().getData())
                .containsEntry("password", "czNjcmV0");
        assertThat(client.persistentVolumeClaims().inNamespace(namespace).withName("pvc").get().getStatus()
                .getPhase()).isEqualTo("Bound");
        assertThat(client.configMaps().inNamespace(namespace).list().getItems()).hasSize(1);
        assertThat(client.network().networkPolicies().inNamespace(namespace).list().getItems()).hasSize(1);

        for (HasMetadata object : objects) {
            client.resource(object).inNamespace(namespace).delete();
            assertThat(client.resource(object).inNamespace(namespace).get()).as(object.getKind()).isNull();
        }
    }

    @Test
    void missingObjectsAnswerNotFoundWithAStatus() {
        assertThat(client.configMaps().inNamespace(namespace).withName("nothing").get()).isNull();
        assertThatThrownBy(() -> client.configMaps().inNamespace(namespace).withName("nothing")
                .edit(cm -> cm))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getStatus().getReason()).isEqualTo("NotFound");
                    assertThat(e.getStatus().getKind()).isEqualTo("Status");
                });
    }

    @Test
    void createOfAnExistingNameIsAlreadyExists() {
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("dup").endMetadata().build();
        client.configMaps().inNamespace(namespace).resource(cm).create();
        assertThatThrownBy(() -> client.configMaps().inNamespace(namespace).resource(cm).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
                });
    }

    @Test
    void createInAMissingNamespaceIsNotFound() {
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("lost").endMetadata().build();
        assertThatThrownBy(() -> client.configMaps().inNamespace("store-missing").resource(cm).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getStatus().getMessage()).contains("namespaces \"store-missing\" not found");
                });
    }

    @Test
    void serverSideApplyCreatesThenLeavesUnchangedThenUpdates() {
        ConfigMap created = client.resource(settings("1")).fieldManager("store-orchestrator").forceConflicts()
                .serverSideApply();
        ConfigMap same = client.resource(settings("1")).fieldManager("store-orchestrator").forceConflicts()
                .serverSideApply();
        ConfigMap changed = client.resource(settings("2")).fieldManager("store-orchestrator").forceConflicts()
                .serverSideApply();

        assertThat(same.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
        assertThat(Long.parseLong(changed.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
        assertThat(changed.getData()).containsEntry("generation", "2");
    }

    @Test
    void generationFollowsSpecChangesOnly() {
        Deployment created = client.resource(SimFixtures.app(namespace, "1")).serverSideApply();
        Deployment same = client.resource(SimFixtures.app(namespace, "1")).serverSideApply();
        Deployment relabelled = client.resource(new DeploymentBuilder(SimFixtures.app(namespace, "1"))
                .editMetadata().addToLabels("extra", "label").endMetadata().build()).serverSideApply();
        Deployment changed = client.resource(SimFixtures.app(namespace, "2")).serverSideApply();

        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(same.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(relabelled.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(changed.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(changed.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(StoreLabels.GENERATION, "2");
    }

    @Test
    void reapplyDoesNotClobberStatus() {
        client.resource(storefront()).serverSideApply();
        client.network().v1().ingresses().inNamespace(namespace).withName("storefront").editStatus(ingress -> {
            ingress.setStatus(new IngressStatusBuilder().withNewLoadBalancer().addNewIngress().withIp("192.0.2.1")
                    .endIngress().endLoadBalancer().build());
            return ingress;
        });

        Ingress reapplied = client.resource(storefront()).serverSideApply();
        Ingress replaced = client.resource(reapplied).update();

        assertThat(reapplied.getStatus().getLoadBalancer().getIngress()).hasSize(1);
        assertThat(replaced.getStatus().getLoadBalancer().getIngress().getFirst().getIp()).isEqualTo("192.0.2.1");
    }

    private ConfigMap settings(String generation) {
        return new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace(namespace).endMetadata()
                .addToData("generation", generation).build();
    }

    private Ingress storefront() {
        return new IngressBuilder().withNewMetadata().withName("storefront").withNamespace(namespace).endMetadata()
                .withNewSpec().withIngressClassName("nginx").addNewRule().withHost("shop.localtest.me").endRule()
                .endSpec().build();
    }

    @Test
    void mergeAndJsonPatchesApply() {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").endMetadata().addToData("a", "1").build()).create();

        client.configMaps().inNamespace(namespace).withName("settings")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"b\":\"2\"}}");
        client.configMaps().inNamespace(namespace).withName("settings")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"data\":{\"c\":\"3\"}}");
        client.configMaps().inNamespace(namespace).withName("settings")
                .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/data/a\"}]");
        ConfigMap edited = client.configMaps().inNamespace(namespace).withName("settings")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("d", "4").build());

        assertThat(edited.getData()).isEqualTo(Map.of("b", "2", "c", "3", "d", "4"));
    }

    @Test
    void staleResourceVersionOnUpdateConflicts() {
        ConfigMap original = client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("locked").endMetadata().addToData("v", "1").build()).create();
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder(original).addToData("v", "2")
                .build()).update();

        ConfigMap stale = new ConfigMapBuilder(original).addToData("v", "3").build();
        assertThatThrownBy(() -> client.configMaps().inNamespace(namespace).resource(stale).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                });
    }

    @Test
    void labelAndFieldSelectorsFilterListsAcrossNamespaces() {
        String other = SimFixtures.uniqueNamespace();
        client.namespaces().resource(SimFixtures.storeNamespace(other, "other-shop")).create();
        for (String ns : List.of(namespace, other)) {
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("tagged")
                    .withLabels(Map.of("marker", namespace)).endMetadata().build()).create();
        }

        assertThat(client.configMaps().inAnyNamespace().withLabel("marker", namespace).list().getItems())
                .hasSize(2);
        assertThat(client.configMaps().inAnyNamespace().withLabel("marker", namespace)
                .withField("metadata.namespace", other).list().getItems()).hasSize(1);
        assertThat(client.namespaces().withLabel(StoreLabels.STORE_NAME, "other-shop").list().getItems())
                .extracting(n -> n.getMetadata().getName()).containsExactly(other);
        assertThat(client.namespaces().withLabelIn(StoreLabels.STORE_NAME, "plain-shop", "other-shop")
                .withoutLabel("nothing").list().getItems()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(client.namespaces().withLabel(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM).list()
                .getMetadata().getResourceVersion()).isNotBlank();
    }

    @Test
    void namespaceDeletionTerminatesThenRemovesEverything() {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("content").endMetadata().build()).create();

        client.namespaces().withName(namespace).delete();

        Namespace terminating = client.namespaces().withName(namespace).get();
        assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotBlank();
        assertThatThrownBy(() -> client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("late").endMetadata().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage()).contains("because it is being terminated");
                });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(client.namespaces().withName(namespace).get()).isNull();
            assertThat(client.configMaps().inNamespace(namespace).list().getItems()).isEmpty();
        });
    }
}
