package io.storeorchestrator.clustersim;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.clustersim.store.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The watch protocol on the wire: WebSocket streams (Fabric8) and long polling (kubectl). */
class WatchProtocolIT {

    private static final int HISTORY = 100;
    private static final AtomicLong WRITES = new AtomicLong();

    private static ClusterSim sim;
    private static KubernetesClient client;
    private static HttpClient http;
    private String namespace;

    @BeforeAll
    static void start() {
        sim = ClusterSim.start(ClusterSimConfig.forTests().withWatchHistorySize(HISTORY)
                .withWatchBookmarkInterval(Duration.ofMillis(200)));
        client = sim.client();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        sim.close();
        // close() would wait for the watches this test leaves open.
        http.shutdownNow();
    }

    @BeforeEach
    void createNamespace() {
        namespace = SimFixtures.uniqueNamespace();
        client.namespaces().resource(SimFixtures.storeNamespace(namespace, "protocol-shop")).create();
    }

    /** A WebSocket client that keeps every message (as JSON) and how the server closed. */
    private static final class Recorder implements WebSocket.Listener {

        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(Json.parse(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedWith.complete(statusCode);
            return null;
        }

        List<String> types() {
            return messages.stream().map(m -> m.path("type").asText()).toList();
        }
    }

    private Recorder watch(String query) {
        Recorder recorder = new Recorder();
        http.newWebSocketBuilder().buildAsync(URI.create(sim.masterUrl().replace("http:", "ws:")
                + "/api/v1/namespaces/" + namespace + "/configmaps?watch=true&" + query), recorder).join();
        return recorder;
    }

    private String longPoll(String query) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sim.masterUrl()
                + "/api/v1/namespaces/" + namespace + "/configmaps?watch=true&" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static List<JsonNode> lines(String body) {
        return Arrays.stream(body.split("\n")).filter(l -> !l.isBlank()).map(Json::parse).toList();
    }

    private long createConfigMap(String name) {
        return Long.parseLong(client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(name).endMetadata().addToData("k", "v").build()).create()
                .getMetadata().getResourceVersion());
    }

    /** Writes elsewhere, so the history moves on without the watched namespace. */
    private static void writeElsewhere(int times) {
        for (int i = 0; i < times; i++) {
            client.resource(new ConfigMapBuilder().withNewMetadata().withName("elsewhere").withNamespace("default")
                    .endMetadata().addToData("write", Long.toString(WRITES.incrementAndGet())).build())
                    .serverSideApply();
        }
    }

    @Test
    void aWebSocketWatchStreamsChangesAfterItsVersionAndBookmarksWhenAllowed() {
        long first = createConfigMap("first");
        Recorder recorder = watch("resourceVersion=" + (first - 1) + "&allowWatchBookmarks=true");

        createConfigMap("second");
        writeElsewhere(1);

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(recorder.types()).startsWith("ADDED", "ADDED").contains("BOOKMARK");
            JsonNode bookmark = recorder.messages.stream().filter(m -> m.path("type").asText().equals("BOOKMARK"))
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(bookmark.at("/object/kind").asText()).isEqualTo("ConfigMap");
            assertThat(bookmark.at("/object/metadata/resourceVersion").asLong()).isGreaterThan(first + 1);
        });
        assertThat(recorder.messages.get(0).at("/object/metadata/name").asText()).isEqualTo("first");
        assertThat(recorder.messages.get(1).at("/object/metadata/name").asText()).isEqualTo("second");
    }

    @Test
    void aWebSocketWatchWithoutBookmarksGetsOnlyChanges() {
        Recorder recorder = watch("resourceVersion=" + createConfigMap("first"));

        createConfigMap("second");

        await().atMost(Duration.ofSeconds(2)).until(() -> recorder.types().equals(List.of("ADDED")));
        writeElsewhere(1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1))
                .until(() -> recorder.types().equals(List.of("ADDED")));
    }

    @Test
    void aWebSocketWatchFromAForgottenVersionGetsGoneAndIsClosed() {
        long old = createConfigMap("old");
        writeElsewhere(HISTORY + 10);

        Recorder recorder = watch("resourceVersion=" + old);

        assertThat(recorder.closedWith).succeedsWithin(Duration.ofSeconds(2));
        assertThat(recorder.types()).containsExactly("ERROR");
        assertThat(recorder.messages.getFirst().at("/object/code").asInt()).isEqualTo(410);
        assertThat(recorder.messages.getFirst().at("/object/reason").asText()).isEqualTo("Expired");
    }

    @Test
    void sendInitialEventsEndsTheCurrentStateWithAnAnnotatedBookmark() {
        createConfigMap("a");
        createConfigMap("b");

        Recorder recorder = watch("sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");

        await().atMost(Duration.ofSeconds(2)).until(() -> recorder.messages.size() >= 3);
        assertThat(recorder.types().subList(0, 3)).containsExactly("ADDED", "ADDED", "BOOKMARK");
        assertThat(recorder.messages.get(2).at("/object/metadata/annotations/k8s.io~1initial-events-end").asText())
                .isEqualTo("true");
    }

    @Test
    void theServerEndsAWatchAfterItsTimeout() {
        Recorder recorder = watch("resourceVersion=" + createConfigMap("a") + "&timeoutSeconds=1");

        assertThat(recorder.closedWith).succeedsWithin(Duration.ofSeconds(3)).isEqualTo(1000);
    }

    @Test
    void manyIdleWatchersEachHearOfAWritePromptlyWithoutAThreadEach() {
        int before = nonClientThreads();
        List<Recorder> watchers = new ArrayList<>();
        long version = createConfigMap("before");
        for (int i = 0; i < 100; i++) {
            watchers.add(watch("resourceVersion=" + version));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.openWatches() >= 100);

        createConfigMap("broadcast");

        await().atMost(Duration.ofMillis(1_000)).until(() -> watchers.stream().allMatch(w -> w.messages.size() == 1));
        assertThat(nonClientThreads() - before).as("threads added for 100 watches").isLessThan(10);
    }

    /** Threads of the JVM other than the JDK HTTP client's own (the watch clients of this test). */
    private static int nonClientThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.getName().startsWith("HttpClient")).count();
    }

    @Test
    void aLongPollAnswersTheChangesSinceAVersionWithABookmarkAtTheEnd() throws Exception {
        long first = createConfigMap("first");
        writeElsewhere(1);

        List<JsonNode> events = lines(longPoll("resourceVersion=" + (first - 1) + "&allowWatchBookmarks=true"));

        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("ADDED", "BOOKMARK");
        assertThat(events.get(1).at("/object/metadata/resourceVersion").asLong()).isGreaterThan(first);
    }

    @Test
    void aLongPollFromAForgottenVersionIsGone() throws Exception {
        long old = createConfigMap("old");
        writeElsewhere(HISTORY + 10);

        List<JsonNode> events = lines(longPoll("resourceVersion=" + old));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.path("type").asText()).isEqualTo("ERROR");
            assertThat(e.at("/object/code").asInt()).isEqualTo(410);
        });
    }

    @Test
    void aLongPollWithoutAVersionStartsWithTheCurrentState() throws Exception {
        createConfigMap("a");

        assertThat(lines(longPoll("resourceVersion=0"))).extracting(e -> e.at("/object/metadata/name").asText())
                .containsExactly("a");
    }
}
