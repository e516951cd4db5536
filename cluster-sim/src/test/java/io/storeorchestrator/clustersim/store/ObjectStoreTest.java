package io.storeorchestrator.clustersim.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectStoreTest {

    private final ObjectStore store = new ObjectStore(Clock.systemUTC(), 1_000);

    private static ObjectNode configMap(String name, String tier, String value) {
        ObjectNode object = Json.object();
        object.put("apiVersion", "v1").put("kind", "ConfigMap");
        object.putObject("metadata").put("name", name).putObject("labels").put("tier", tier);
        object.putObject("data").put("key", value);
        return object;
    }

    private static ObjectNode deployment(String image) {
        ObjectNode object = Json.object();
        object.putObject("metadata").put("name", "web");
        object.putObject("spec").put("image", image);
        return object;
    }

    private WriteResult put(ObjectKey key, ObjectNode object) {
        return store.write(key, current -> object.deepCopy());
    }

    @Test
    void createStampsSystemMetadata() {
        ObjectKey key = ObjectKey.of(ResourceTypes.DEPLOYMENT, "shop", "web");
        WriteResult created = put(key, deployment("v1"));

        assertThat(created.outcome()).isEqualTo(WriteResult.Outcome.CREATED);
        ObjectNode meta = (ObjectNode) created.object().get("metadata");
        assertThat(meta.path("uid").asText()).isNotEmpty();
        assertThat(meta.path("creationTimestamp").asText()).endsWith("Z");
        assertThat(meta.path("namespace").asText()).isEqualTo("shop");
        assertThat(meta.path("generation").asLong()).isEqualTo(1);
        assertThat(meta.path("resourceVersion").asText()).isEqualTo("1");
    }

    @Test
    void unchangedWriteKeepsResourceVersionAndEmitsNothing() {
        List<StoreEvent> events = new ArrayList<>();
        store.addListener(events::add);
        ObjectKey key = ObjectKey.of(ResourceTypes.DEPLOYMENT, "shop", "web");
        put(key, deployment("v1"));

        WriteResult again = put(key, deployment("v1"));

        assertThat(again.outcome()).isEqualTo(WriteResult.Outcome.UNCHANGED);
        assertThat(Meta.resourceVersion(again.object())).isEqualTo("1");
        assertThat(events).hasSize(1);
    }

    @Test
    void generationMovesOnlyWithSpec() {
        ObjectKey key = ObjectKey.of(ResourceTypes.DEPLOYMENT, "shop", "web");
        put(key, deployment("v1"));

        ObjectNode labelled = deployment("v1");
        labelled.withObjectProperty("metadata").putObject("labels").put("a", "b");
        WriteResult relabelled = put(key, labelled);
        assertThat(relabelled.outcome()).isEqualTo(WriteResult.Outcome.UPDATED);
        assertThat(Meta.generation(relabelled.object())).isEqualTo(1);
        assertThat(Meta.resourceVersion(relabelled.object())).isEqualTo("2");

        WriteResult respecced = put(key, deployment("v2"));
        assertThat(Meta.generation(respecced.object())).isEqualTo(2);
        assertThat(Meta.resourceVersion(respecced.object())).isEqualTo("3");
        assertThat(Meta.uid(respecced.object())).isEqualTo(Meta.uid(relabelled.object()));
    }

    @Test
    void listsByNamespaceOnlyLookInThatNamespace() {
        for (int ns = 0; ns < 200; ns++) {
            for (int i = 0; i < 5; i++) {
                put(ObjectKey.of(ResourceTypes.CONFIG_MAP, "ns-" + ns, "cm-" + i), configMap("cm-" + i, "t" + i, "v"));
            }
        }
        long before = store.objectsExamined();

        List<ObjectNode> found = store.list(ResourceTypes.CONFIG_MAP, "ns-42", LabelSelector.EVERYTHING,
                FieldSelector.EVERYTHING).items();

        assertThat(found).extracting(Meta::name).containsExactly("cm-0", "cm-1", "cm-2", "cm-3", "cm-4");
        assertThat(store.objectsExamined() - before).isEqualTo(5);
    }

    @Test
    void crossNamespaceLabelListsReadOnlyIndexedCandidates() {
        for (int ns = 0; ns < 200; ns++) {
            String tier = ns % 50 == 0 ? "gold" : "plain";
            put(ObjectKey.of(ResourceTypes.CONFIG_MAP, "ns-" + ns, "cm"), configMap("cm", tier, "v"));
        }
        long before = store.objectsExamined();

        List<ObjectNode> gold = store.list(ResourceTypes.CONFIG_MAP, null, LabelSelector.parse("tier=gold"),
                FieldSelector.EVERYTHING).items();

        assertThat(gold).extracting(Meta::namespace).containsExactly("ns-0", "ns-100", "ns-150", "ns-50");
        assertThat(store.objectsExamined() - before).isEqualTo(4);
    }

    @Test
    void labelIndexFollowsRelabelsAndDeletes() {
        ObjectKey key = ObjectKey.of(ResourceTypes.CONFIG_MAP, "a", "cm");
        put(key, configMap("cm", "gold", "v"));
        put(key, configMap("cm", "silver", "v"));
        assertThat(store.list(ResourceTypes.CONFIG_MAP, null, LabelSelector.parse("tier=gold"),
                FieldSelector.EVERYTHING).items()).isEmpty();
        assertThat(store.list(ResourceTypes.CONFIG_MAP, null, LabelSelector.parse("tier in (silver)"),
                FieldSelector.EVERYTHING).items()).hasSize(1);

        store.write(key, current -> null);
        assertThat(store.list(ResourceTypes.CONFIG_MAP, null, LabelSelector.parse("tier"),
                FieldSelector.EVERYTHING).items()).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void ownerIndexFindsDependents() {
        WriteResult owner = put(ObjectKey.of(ResourceTypes.DEPLOYMENT, "a", "web"), deployment("v1"));
        ObjectNode dependent = configMap("child", "x", "v");
        dependent.withObjectProperty("metadata").putArray("ownerReferences").addObject()
                .put("uid", Meta.uid(owner.object()));
        ObjectKey childKey = ObjectKey.of(ResourceTypes.CONFIG_MAP, "a", "child");
        put(childKey, dependent);

        assertThat(store.dependents(Meta.uid(owner.object()))).containsExactly(childKey);
        assertThat(store.keysInNamespace("a")).hasSize(2);
    }

    @Test
    void historyResumesFromAVersionAndForgetsOldOnes() {
        ObjectStore small = new ObjectStore(Clock.systemUTC(), 3);
        for (int i = 0; i < 5; i++) {
            ObjectKey key = ObjectKey.of(ResourceTypes.CONFIG_MAP, "a", "cm-" + i);
            small.write(key, current -> configMap(key.name(), "t", "v"));
        }
        assertThat(small.history().since(3, everyConfigMap())).hasValueSatisfying(backlog -> {
            assertThat(backlog.events()).extracting(StoreEvent::resourceVersion).containsExactly(4L, 5L);
            assertThat(backlog.upTo()).isEqualTo(5);
        });
        assertThat(small.history().since(1, everyConfigMap())).isEmpty();
    }

    @Test
    void aListingCarriesTheVersionItWasReadAt() {
        put(ObjectKey.of(ResourceTypes.CONFIG_MAP, "a", "one"), configMap("one", "t", "v"));
        put(ObjectKey.of(ResourceTypes.CONFIG_MAP, "a", "two"), configMap("two", "t", "v"));

        Listing listing = store.list(ResourceTypes.CONFIG_MAP, "a", LabelSelector.EVERYTHING, FieldSelector.EVERYTHING);

        assertThat(listing.items()).hasSize(2);
        assertThat(listing.resourceVersion()).isEqualTo(2);
    }

    private static WatchFilter everyConfigMap() {
        return new WatchFilter(ResourceTypes.CONFIG_MAP, null, null, LabelSelector.EVERYTHING,
                FieldSelector.EVERYTHING);
    }
}
