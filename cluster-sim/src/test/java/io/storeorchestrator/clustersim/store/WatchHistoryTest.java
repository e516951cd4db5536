package io.storeorchestrator.clustersim.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Subscriptions to the history: the feed behind WebSocket watches. */
class WatchHistoryTest {

    private final ObjectStore store = new ObjectStore(Clock.systemUTC(), 1_000);
    private final RecordingSink sink = new RecordingSink();

    private static final class RecordingSink implements WatchHistory.Sink {

        final List<String> received = new ArrayList<>();

        @Override
        public void event(StoreEvent event) {
            received.add(event.type() + " " + event.key().name() + "@" + event.resourceVersion());
        }

        @Override
        public void bookmark(long resourceVersion) {
            received.add("BOOKMARK@" + resourceVersion);
        }
    }

    private static ObjectNode configMap(String tier, String value) {
        ObjectNode object = Json.object();
        object.putObject("metadata").putObject("labels").put("tier", tier);
        object.putObject("data").put("key", value);
        return object;
    }

    private void put(String namespace, String name, String tier, String value) {
        store.write(ObjectKey.of(ResourceTypes.CONFIG_MAP, namespace, name), current -> configMap(tier, value));
    }

    private static WatchFilter gold(String namespace) {
        return new WatchFilter(ResourceTypes.CONFIG_MAP, namespace, null, LabelSelector.parse("tier=gold"),
                FieldSelector.EVERYTHING);
    }

    @Test
    void aSubscriptionGetsItsBacklogThenLiveEventsInOrder() {
        put("a", "one", "gold", "1");
        put("a", "two", "gold", "1");

        WatchHistory.Subscription subscription = store.history().subscribe(1, gold("a"), sink).orElseThrow();
        put("a", "one", "gold", "2");
        put("b", "elsewhere", "gold", "1");
        store.write(ObjectKey.of(ResourceTypes.CONFIG_MAP, "a", "two"), current -> null);
        subscription.bookmark();

        assertThat(sink.received).containsExactly("ADDED two@2", "MODIFIED one@3", "DELETED two@5", "BOOKMARK@5");
    }

    @Test
    void anObjectRelabelledOutOfTheSelectionIsDeletedForTheWatchAndBackInIsAdded() {
        put("a", "cm", "gold", "1");
        store.history().subscribe(1, gold("a"), sink).orElseThrow();

        put("a", "cm", "plain", "1");
        put("a", "cm", "plain", "2");
        put("a", "cm", "gold", "2");

        assertThat(sink.received).containsExactly("DELETED cm@2", "ADDED cm@4");
    }

    @Test
    void theDeletedEventOfARelabelCarriesTheLastSelectedStateAtTheNewVersion() {
        put("a", "cm", "gold", "1");
        List<StoreEvent> seen = new ArrayList<>();
        store.history().subscribe(1, gold("a"), new WatchHistory.Sink() {
            @Override
            public void event(StoreEvent event) {
                seen.add(event);
            }

            @Override
            public void bookmark(long resourceVersion) {
            }
        });

        put("a", "cm", "plain", "1");

        assertThat(seen).singleElement().satisfies(event -> {
            assertThat(Meta.labels(event.object())).containsEntry("tier", "gold");
            assertThat(Meta.resourceVersion(event.object())).isEqualTo("2");
        });
    }

    @Test
    void aVersionOlderThanTheWindowCannotBeSubscribedTo() {
        ObjectStore small = new ObjectStore(Clock.systemUTC(), 2);
        for (int i = 0; i < 4; i++) {
            small.write(ObjectKey.of(ResourceTypes.CONFIG_MAP, "a", "cm-" + i), current -> configMap("gold", "v"));
        }

        assertThat(small.history().subscribe(1, gold("a"), sink)).isEmpty();
        assertThat(small.history().subscribe(2, gold("a"), sink)).isPresent();
        assertThat(sink.received).containsExactly("ADDED cm-2@3", "ADDED cm-3@4");
    }

    @Test
    void aCancelledSubscriptionGetsNothingMore() {
        WatchHistory.Subscription subscription = store.history().subscribe(0, gold("a"), sink).orElseThrow();
        put("a", "one", "gold", "1");
        subscription.cancel();
        put("a", "two", "gold", "1");

        assertThat(sink.received).containsExactly("ADDED one@1");
    }

    @Test
    void aFailingSinkIsDroppedWithoutFailingTheWrite() {
        store.history().subscribe(0, gold("a"), new WatchHistory.Sink() {
            @Override
            public void event(StoreEvent event) {
                throw new IllegalStateException("connection gone");
            }

            @Override
            public void bookmark(long resourceVersion) {
            }
        });
        store.history().subscribe(0, gold("a"), sink);

        put("a", "one", "gold", "1");
        put("a", "two", "gold", "1");

        assertThat(store.size()).isEqualTo(2);
        assertThat(sink.received).containsExactly("ADDED one@1", "ADDED two@2");
    }
}
