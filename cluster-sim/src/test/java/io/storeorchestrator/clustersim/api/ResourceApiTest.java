package io.storeorchestrator.clustersim.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.storeorchestrator.clustersim.store.FieldSelector;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.store.LabelSelector;
import io.storeorchestrator.clustersim.store.Meta;
import io.storeorchestrator.clustersim.store.ObjectKey;
import io.storeorchestrator.clustersim.store.ObjectStore;
import io.storeorchestrator.clustersim.store.ResourceTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ResourceApiTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ObjectStore store = new ObjectStore(Clock.systemUTC(), 1_000);
    private final ResourceApi api = new ResourceApi(store,
            new NamespaceTerminator(store, scheduler, Duration.ofMillis(100), Clock.systemUTC()));

    @BeforeEach
    void createNamespace() {
        api.create(ResourceTypes.NAMESPACE, null, (ObjectNode) Json.parse("{\"metadata\":{\"name\":\"shop\"}}"));
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) Json.parse(text);
    }

    private static ObjectKey deploymentKey() {
        return ObjectKey.of(ResourceTypes.DEPLOYMENT, "shop", "web");
    }

    private static ObjectNode deployment(String image) {
        return json("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
                 "spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"web","image":"%s"}]}}}}"""
                .formatted(image));
    }

    @Test
    void namespacesGetTheirNameLabelAndPhase() {
        ObjectNode namespace = api.get(ObjectKey.of(ResourceTypes.NAMESPACE, "", "shop"));
        assertThat(Meta.labels(namespace)).containsEntry("kubernetes.io/metadata.name", "shop");
        assertThat(namespace.at("/status/phase").asText()).isEqualTo("Active");
    }

    @Test
    void createRefusesDuplicatesAndMissingNamespaces() {
        api.create(ResourceTypes.DEPLOYMENT, "shop", deployment("v1"));
        assertThatThrownBy(() -> api.create(ResourceTypes.DEPLOYMENT, "shop", deployment("v1")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo("AlreadyExists"));
        ObjectNode elsewhere = deployment("v1");
        elsewhere.with("metadata").remove("namespace");
        assertThatThrownBy(() -> api.create(ResourceTypes.DEPLOYMENT, "nowhere", elsewhere))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(404);
                    assertThat(e.getMessage()).isEqualTo("namespaces \"nowhere\" not found");
                });
    }

    @Test
    void applyCreatesThenLeavesUnchangedThenUpdates() {
        ObjectNode created = api.patch(deploymentKey(), PatchType.APPLY, deployment("v1"), false);
        ObjectNode same = api.patch(deploymentKey(), PatchType.APPLY, deployment("v1"), false);
        ObjectNode changed = api.patch(deploymentKey(), PatchType.APPLY, deployment("v2"), false);

        assertThat(Meta.resourceVersion(same)).isEqualTo(Meta.resourceVersion(created));
        assertThat(Long.parseLong(Meta.resourceVersion(changed))).isGreaterThan(
                Long.parseLong(Meta.resourceVersion(created)));
        assertThat(Meta.generation(changed)).isEqualTo(2);
    }

    @Test
    void statusSurvivesReapplyAndOnlyStatusWritesChangeIt() {
        api.create(ResourceTypes.DEPLOYMENT, "shop", deployment("v1"));
        api.replace(deploymentKey(), json("{\"status\":{\"readyReplicas\":1}}"), true);

        ObjectNode reapplied = api.patch(deploymentKey(), PatchType.APPLY, deployment("v1"), false);
        ObjectNode withStatus = deployment("v1");
        withStatus.putObject("status").put("readyReplicas", 0);
        ObjectNode replaced = api.replace(deploymentKey(), withStatus, false);

        assertThat(reapplied.at("/status/readyReplicas").asInt()).isEqualTo(1);
        assertThat(replaced.at("/status/readyReplicas").asInt()).isEqualTo(1);
        assertThat(Meta.generation(replaced)).isEqualTo(1);
    }

    @Test
    void replaceWithAStaleResourceVersionConflicts() {
        ObjectNode created = api.create(ResourceTypes.DEPLOYMENT, "shop", deployment("v1"));
        ObjectNode first = created.deepCopy();
        first.with("spec").put("replicas", 2);
        api.replace(deploymentKey(), first, false);

        ObjectNode stale = created.deepCopy();
        stale.with("spec").put("replicas", 3);
        assertThatThrownBy(() -> api.replace(deploymentKey(), stale, false))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo("Conflict"));
    }

    @Test
    void namespaceDeletionTerminatesThenRemovesEverything() {
        api.create(ResourceTypes.DEPLOYMENT, "shop", deployment("v1"));
        ObjectNode terminating = api.delete(ObjectKey.of(ResourceTypes.NAMESPACE, "", "shop"));

        assertThat(terminating.at("/status/phase").asText()).isEqualTo("Terminating");
        assertThatThrownBy(() -> api.create(ResourceTypes.CONFIG_MAP, "shop",
                json("{\"metadata\":{\"name\":\"late\"}}")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).endsWith("because it is being terminated");
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> store.size() == 0);
    }

    @Test
    void deletingAnOwnerDeletesWhatItOwns() {
        ObjectNode owner = api.create(ResourceTypes.DEPLOYMENT, "shop", deployment("v1"));
        ObjectNode child = json("{\"metadata\":{\"name\":\"child\"}}");
        child.with("metadata").putArray("ownerReferences").addObject().put("uid", Meta.uid(owner))
                .put("kind", "Deployment").put("name", "web");
        api.create(ResourceTypes.CONFIG_MAP, "shop", child);

        api.delete(deploymentKey());

        assertThat(api.list(ResourceTypes.CONFIG_MAP, "shop", LabelSelector.EVERYTHING, FieldSelector.EVERYTHING,
                0, null).items()).isEmpty();
    }

    @Test
    void listsPageWithContinueTokens() {
        for (int i = 0; i < 5; i++) {
            api.create(ResourceTypes.CONFIG_MAP, "shop", json("{\"metadata\":{\"name\":\"cm-" + i + "\"}}"));
        }
        ObjectList first = api.list(ResourceTypes.CONFIG_MAP, "shop", LabelSelector.EVERYTHING,
                FieldSelector.EVERYTHING, 2, null);
        ObjectList second = api.list(ResourceTypes.CONFIG_MAP, "shop", LabelSelector.EVERYTHING,
                FieldSelector.EVERYTHING, 2, first.continueToken());
        ObjectList last = api.list(ResourceTypes.CONFIG_MAP, "shop", LabelSelector.EVERYTHING,
                FieldSelector.EVERYTHING, 2, second.continueToken());

        assertThat(first.items()).extracting(Meta::name).containsExactly("cm-0", "cm-1");
        assertThat(second.items()).extracting(Meta::name).containsExactly("cm-2", "cm-3");
        assertThat(last.items()).extracting(Meta::name).containsExactly("cm-4");
        assertThat(last.continueToken()).isNull();
    }
}
