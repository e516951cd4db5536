package io.storeorchestrator.clustersim;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.traffic.RequestStats;
import io.storeorchestrator.clustersim.traffic.Verb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The knobs (API latency, write fault rate) and the request counters, through the real Fabric8 client. */
class TrafficIT {

    private static final Duration LATENCY = Duration.ofMillis(200);

    private static ClusterSim sim;
    private static KubernetesClient client;
    /** Fabric8 retries 5xx answers by itself; this client shows every fault. */
    private static KubernetesClient noRetries;
    private String namespace;

    @BeforeAll
    static void start() {
        sim = ClusterSim.start(ClusterSimConfig.forTests());
        client = sim.client();
        noRetries = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                .withMasterUrl(sim.masterUrl()).withHttp2Disable(true).withRequestRetryBackoffLimit(0).build())
                .build();
    }

    @AfterAll
    static void stop() {
        noRetries.close();
        sim.close();
    }

    @BeforeEach
    void createNamespace() {
        namespace = SimFixtures.uniqueNamespace();
        client.namespaces().resource(SimFixtures.storeNamespace(namespace, "traffic-shop")).create();
    }

    @AfterEach
    void turnKnobsOff() {
        sim.knobs().setApiLatency(Duration.ZERO);
        sim.knobs().setWriteFaultRate(0);
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
    }

    @Test
    void latencyDelaysEveryAnswerWithoutQueueingRequestsBehindEachOther() throws Exception {
        sim.knobs().setApiLatency(LATENCY);

        long start = System.nanoTime();
        List<Duration> each = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Duration>> requests = IntStream.range(0, 50).mapToObj(i -> pool.submit(() -> {
                long sent = System.nanoTime();
                client.namespaces().withName(namespace).get();
                return Duration.ofNanos(System.nanoTime() - sent);
            })).toList();
            for (Future<Duration> request : requests) {
                each.add(request.get());
            }
        }
        Duration total = Duration.ofNanos(System.nanoTime() - start);

        assertThat(each).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(LATENCY));
        assertThat(total).as("50 concurrent requests (one after another would take 10 s)")
                .isLessThan(Duration.ofMillis(1_500));

        sim.knobs().setApiLatency(Duration.ZERO);
        long sent = System.nanoTime();
        client.namespaces().withName(namespace).get();
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(LATENCY);
    }

    @Test
    void latencyDoesNotHoldBackEventsOnAnOpenWatch() {
        AtomicLong heard = new AtomicLong();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(namespace)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap configMap) {
                        heard.set(System.nanoTime());
                    }

                    @Override
                    public void onUpdate(ConfigMap oldConfigMap, ConfigMap newConfigMap) {
                    }

                    @Override
                    public void onDelete(ConfigMap configMap, boolean deletedFinalStateUnknown) {
                    }
                }, 0);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.openWatches() == 1);
            Duration slow = Duration.ofMillis(500);
            sim.knobs().setApiLatency(slow);

            long sent = System.nanoTime();
            client.configMaps().inNamespace(namespace).resource(configMap("watched")).create();
            long answered = System.nanoTime();

            assertThat(Duration.ofNanos(answered - sent)).isGreaterThanOrEqualTo(slow);
            assertThat(heard.get()).as("the watcher heard before the writer got its answer").isBetween(sent, answered);
        } finally {
            informer.close();
        }
    }

    @Test
    void writesFailAtAboutTheSetRateBeforeTheyChangeAnythingAndReadsNeverFail() {
        sim.knobs().setWriteFaultRate(0.25);
        sim.knobs().setFaultSeed(42);
        sim.resetRequestStats();

        List<String> created = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String name = "cm-" + i;
            try {
                noRetries.configMaps().inNamespace(namespace).resource(configMap(name)).create();
                created.add(name);
            } catch (KubernetesClientException e) {
                assertThat(e.getCode()).isEqualTo(500);
                assertThat(e.getStatus().getReason()).isEqualTo("InternalError");
                failed.add(name);
            }
        }

        assertThat(failed).as("about a quarter of 400 writes").hasSizeBetween(60, 140);
        for (String name : failed) {
            assertThat(noRetries.configMaps().inNamespace(namespace).withName(name).get()).as(name).isNull();
        }
        for (String name : created) {
            assertThat(noRetries.configMaps().inNamespace(namespace).withName(name).get()).as(name).isNotNull();
        }
        assertThat(noRetries.configMaps().inNamespace(namespace).list().getItems()).hasSize(created.size());
        assertThat(sim.requestStats().faults()).isEqualTo(failed.size());
    }

    @Test
    void atRateOneEveryKindOfWriteFailsAndNothingChanges() {
        ConfigMap existing = client.configMaps().inNamespace(namespace).resource(configMap("kept")).create();
        sim.knobs().setWriteFaultRate(1);

        List<Runnable> writes = List.of(
                () -> noRetries.configMaps().inNamespace(namespace).resource(configMap("new")).create(),
                () -> noRetries.resource(new ConfigMapBuilder(existing).addToData("k", "applied").build())
                        .serverSideApply(),
                () -> noRetries.configMaps().inNamespace(namespace).withName("kept")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"k\":\"patched\"}}"),
                () -> noRetries.resource(new ConfigMapBuilder(existing).addToData("k", "updated").build()).update(),
                () -> noRetries.configMaps().inNamespace(namespace).withName("kept").delete());
        for (Runnable write : writes) {
            assertThatThrownBy(write::run).isInstanceOfSatisfying(KubernetesClientException.class,
                    e -> assertThat(e.getCode()).isEqualTo(500));
        }

        assertThat(noRetries.configMaps().inNamespace(namespace).list().getItems()).singleElement()
                .satisfies(kept -> {
                    assertThat(kept.getData()).containsEntry("k", "v");
                    assertThat(kept.getMetadata().getResourceVersion())
                            .isEqualTo(existing.getMetadata().getResourceVersion());
                });
        assertThat(noRetries.namespaces().withName(namespace).get()).isNotNull();
    }

    @Test
    void fabric8RetriesAFaultedWriteByItself() {
        sim.knobs().setWriteFaultRate(0.5);
        sim.knobs().setFaultSeed(7);
        sim.resetRequestStats();

        for (int i = 0; i < 20; i++) {
            client.configMaps().inNamespace(namespace).resource(configMap("retried-" + i)).create();
        }

        RequestStats stats = sim.requestStats();
        assertThat(stats.faults()).isPositive();
        assertThat(stats.count(Verb.CREATE, "configmaps")).isEqualTo(20 + stats.faults());
    }

    @Test
    void countersCountClientRequestsByVerbAndResourceButNotTheSimulatorsOwnWrites() throws Exception {
        sim.resetRequestStats();

        client.resource(SimFixtures.app(namespace, "1")).serverSideApply();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Deployment app = client.apps().deployments().inNamespace(namespace).withName("wordpress").get();
            return Integer.valueOf(1).equals(app.getStatus().getReadyReplicas());
        });
        client.pods().inNamespace(namespace).list();
        ConfigMap created = client.configMaps().inNamespace(namespace).resource(configMap("counted")).create();
        client.resource(new ConfigMapBuilder(created).addToData("k", "updated").build()).update();
        client.configMaps().inNamespace(namespace).withName("counted")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"k\":\"patched\"}}");
        client.configMaps().inNamespace(namespace).withName("counted").delete();
        SharedIndexInformer<Secret> informer = client.secrets().inNamespace(namespace).inform();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.openWatches() == 1);
        } finally {
            informer.close();
        }

        RequestStats stats = sim.requestStats();
        assertThat(stats.count(Verb.APPLY, "deployments.apps")).isEqualTo(1);
        assertThat(stats.count(Verb.GET, "deployments.apps")).isPositive();
        assertThat(stats.count(Verb.LIST, "pods")).isEqualTo(1);
        assertThat(stats.count(Verb.CREATE, "configmaps")).isEqualTo(1);
        assertThat(stats.count(Verb.UPDATE, "configmaps")).isEqualTo(1);
        assertThat(stats.count(Verb.PATCH, "configmaps")).isEqualTo(1);
        assertThat(stats.count(Verb.DELETE, "configmaps")).isEqualTo(1);
        assertThat(stats.count(Verb.LIST, "secrets")).isEqualTo(1);
        assertThat(stats.count(Verb.WATCH, "secrets")).isEqualTo(1);
        assertThat(stats.byResource()).as("the kubelet's replica sets, pods and status writes are not counted")
                .containsOnlyKeys("deployments.apps", "pods", "configmaps", "secrets");
        assertThat(stats.count(Verb.APPLY)).isEqualTo(1);
        assertThat(stats.faults()).isZero();

        try (HttpClient http = HttpClient.newHttpClient()) {
            JsonNode served = Json.parse(http.send(HttpRequest.newBuilder(URI.create(sim.masterUrl()
                    + "/sim/stats")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(served.path("total").asLong()).isEqualTo(stats.total());
            assertThat(served.at("/verbs/apply").asLong()).isEqualTo(1);
            assertThat(served.at("/verbs/create").asLong()).isEqualTo(1);
            assertThat(served.at("/resources/configmaps/patch").asLong()).isEqualTo(1);

            http.send(HttpRequest.newBuilder(URI.create(sim.masterUrl() + "/sim/stats")).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(sim.requestStats().total()).isZero();
    }
}
