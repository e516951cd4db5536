package io.storeorchestrator.clustersim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.storeorchestrator.clustersim.api.NamespaceTerminator;
import io.storeorchestrator.clustersim.api.ResourceApi;
import io.storeorchestrator.clustersim.http.SimDispatcher;
import io.storeorchestrator.clustersim.http.WatchTimings;
import io.storeorchestrator.clustersim.kubelet.FailureRules;
import io.storeorchestrator.clustersim.kubelet.KubeletSimulator;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.store.ObjectKey;
import io.storeorchestrator.clustersim.store.ObjectStore;
import io.storeorchestrator.clustersim.store.ResourceTypes;
import io.storeorchestrator.clustersim.traffic.ApiKnobs;
import io.storeorchestrator.clustersim.traffic.RequestCounter;
import io.storeorchestrator.clustersim.traffic.RequestStats;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;

/**
 * A simulated Kubernetes cluster: Fabric8's mock API server over plain HTTP, serving an indexed object store with
 * real API semantics, plus a kubelet simulator that runs the pods. For tests and for running the stack with no
 * cluster.
 *
 * <pre>{@code
 * try (ClusterSim sim = ClusterSim.start(ClusterSimConfig.forTests())) {
 *     KubernetesClient client = sim.client();
 *     ...
 * }
 * }</pre>
 */
public final class ClusterSim implements AutoCloseable {

    /** The mock web server logs every request at INFO through java.util.logging; held so the level sticks. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger(MockWebServer.class.getName());

    private final ClusterSimConfig config;
    private final ObjectStore store;
    private final KubeletSimulator kubelet;
    private final ScheduledExecutorService controllers;
    private final ApiKnobs knobs;
    private final RequestCounter requests = new RequestCounter();
    private final SimDispatcher dispatcher;
    private final KubernetesMockServer server;
    private KubernetesClient client;

    private ClusterSim(ClusterSimConfig config) {
        this.config = config;
        Clock clock = Clock.systemUTC();
        this.store = new ObjectStore(clock, config.watchHistorySize());
        this.controllers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cluster-sim-controllers");
            thread.setDaemon(true);
            return thread;
        });
        ResourceApi api = new ResourceApi(store,
                new NamespaceTerminator(store, controllers, config.namespaceTerminationDelay(), clock));
        this.kubelet = new KubeletSimulator(api, controllers, config.readyDelay(),
                config.defaultRules() ? FailureRules.defaults() : List.of(), clock);
        store.addListener(kubelet);
        seed(api);
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        MockWebServer webServer = new MockWebServer();
        // The JDK HTTP client offers an h2c upgrade on plain HTTP; answering it breaks large responses.
        webServer.setHttp2ClearTextEnabled(false);
        this.knobs = new ApiKnobs(config.apiLatency(), config.writeFaultRate(), config.faultSeed());
        this.dispatcher = new SimDispatcher(api, clock, () -> config.host() + ":" + port(),
                new WatchTimings(config.watchIdleWait(), config.watchBookmarkInterval()), knobs, requests);
        this.server = new KubernetesMockServer(new Context(Json.MAPPER), webServer, new HashMap<>(), dispatcher, false);
    }

    /** Starts a simulator and returns once it accepts connections. */
    public static ClusterSim start(ClusterSimConfig config) {
        ClusterSim sim = new ClusterSim(config);
        try {
            sim.server.init(InetAddress.getByName(config.host()), config.port());
        } catch (UnknownHostException e) {
            sim.controllers.shutdownNow();
            throw new IllegalArgumentException("Unknown host " + config.host(), e);
        }
        return sim;
    }

    public String masterUrl() {
        return "http://" + config.host() + ":" + port();
    }

    public int port() {
        return server.getPort();
    }

    /** Writes a kubeconfig (cluster, user and context "store-orchestrator-sim") pointing at this simulator. */
    public Path writeKubeconfig(Path file) {
        return Kubeconfig.write(file, masterUrl());
    }

    /** A Fabric8 client (JDK HTTP client) for this simulator, shared and closed with it. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            Config clientConfig = new ConfigBuilder(Config.empty())
                    .withMasterUrl(masterUrl())
                    .withNamespace("default")
                    .withOauthToken(Kubeconfig.TOKEN)
                    .withHttp2Disable(true)
                    .build();
            client = new KubernetesClientBuilder()
                    .withConfig(clientConfig)
                    .withHttpClientFactory(new JdkHttpClientFactory())
                    .build();
        }
        return client;
    }

    public KubeletSimulator kubelet() {
        return kubelet;
    }

    /** How many objects the cluster holds, of every kind. */
    public int objectCount() {
        return store.size();
    }

    public ClusterSimConfig config() {
        return config;
    }

    /** The API latency and write fault rate, to change while the simulator runs. */
    public ApiKnobs knobs() {
        return knobs;
    }

    /** The API requests clients have made since the start or the last {@link #resetRequestStats()}. */
    public RequestStats requestStats() {
        return requests.snapshot();
    }

    public void resetRequestStats() {
        requests.reset();
    }

    /** How many WebSocket watches (Fabric8 watches and informers) are open. */
    public int openWatches() {
        return dispatcher.openWatches();
    }

    /**
     * Ends every open WebSocket watch, as an API server restart would; informers watch again from the last version
     * they saw (or list again if the history no longer reaches back to it). Returns how many watches there were.
     */
    public int dropWatches() {
        return dispatcher.dropWatches();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        server.destroy();
        controllers.shutdownNow();
    }

    /** What every cluster has before anyone uses it: the system namespaces and a node. */
    private static void seed(ResourceApi api) {
        for (String namespace : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            ObjectNode object = Json.object();
            object.putObject("metadata").put("name", namespace);
            api.create(ResourceTypes.NAMESPACE, null, object);
        }
        ObjectNode node = Json.object();
        node.putObject("metadata").put("name", "sim-node-1");
        ObjectNode status = node.putObject("status");
        status.putObject("nodeInfo").put("kubeletVersion", "v1.32.0-sim");
        ObjectNode ready = status.putArray("conditions").addObject();
        ready.put("type", "Ready");
        ready.put("status", "True");
        ObjectNode capacity = status.putObject("allocatable");
        capacity.put("cpu", "8");
        capacity.put("memory", "32Gi");
        capacity.put("pods", "10000");
        api.createAsController(ObjectKey.of(ResourceTypes.NODE, "", "sim-node-1"), node);
    }
}
