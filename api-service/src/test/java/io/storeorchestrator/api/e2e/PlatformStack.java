package io.storeorchestrator.api.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.clustersim.ClusterSim;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.testsupport.TcpProxy;
import io.storeorchestrator.common.testsupport.TestBroker;
import io.storeorchestrator.common.testsupport.TestDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform for one end-to-end test class: a database and a broker topology of its own on the real
 * PostgreSQL and RabbitMQ, an embedded simulated cluster, and the services as processes configured the way
 * docker-compose and the Helm chart configure them. Public, with {@link ServiceProcess} and {@link ApiClient}, because
 * the benchmark module starts the platform the same way (through this module's test-jar).
 */
public final class PlatformStack implements AutoCloseable {

    /** The API's bootstrap admin key (API_BOOTSTRAP_ADMIN_KEY), which {@link ApiClient}s send by default. */
    public static final String ADMIN_KEY = "so_e2e-admin-000000000000000000000000000000000000";

    private final TestDatabase database = TestDatabase.createEmpty();
    private final TestBroker broker = TestBroker.create();
    private final ClusterSim cluster;
    private final Path kubeconfig;
    private final List<String> jvmOptions;
    private final List<ServiceProcess> services = new ArrayList<>();
    private ServiceProcess api;
    private TcpProxy brokerProxy;

    public PlatformStack(ClusterSimConfig clusterConfig) {
        this(clusterConfig, ServiceProcess.TEST_JVM_OPTIONS);
    }

    /** @param jvmOptions the services' JVM flags (the benchmark runs them as the container image does) */
    public PlatformStack(ClusterSimConfig clusterConfig, List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
        cluster = ClusterSim.start(clusterConfig);
        try {
            kubeconfig = Files.createTempFile("e2e-kubeconfig", ".yaml");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        cluster.writeKubeconfig(kubeconfig);
    }

    /** Settings every service shares; the names are the ones in the Helm chart and docker-compose.yml. */
    private Map<String, String> sharedEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", database.jdbcUrl());
        env.put("DATABASE_USER", database.user());
        env.put("DATABASE_PASSWORD", database.password());
        env.put("DATABASE_MAX_POOL_SIZE", "4");
        env.put("RABBITMQ_HOST", brokerProxy == null ? broker.host() : "127.0.0.1");
        env.put("RABBITMQ_PORT", Integer.toString(brokerProxy == null ? broker.port() : brokerProxy.port()));
        env.put("RABBITMQ_USERNAME", broker.settings().username());
        env.put("RABBITMQ_PASSWORD", broker.settings().password());
        env.put("RABBITMQ_TOPOLOGY_PREFIX", broker.prefix());
        env.put("KUBECONFIG", kubeconfig.toString());
        return env;
    }

    /**
     * Puts a proxy between the services and RabbitMQ, so a test can take the broker away and bring it back without
     * disturbing the real broker other tests share. Call before starting any service.
     */
    public TcpProxy proxyBroker() {
        if (brokerProxy == null) {
            brokerProxy = new TcpProxy(broker.host(), broker.port());
            brokerProxy.start();
        }
        return brokerProxy;
    }

    /**
     * Starts the API (which migrates the database) and returns a client for it, sending the admin key. Rate limits
     * are lifted unless {@code settings} set them: tests poll, and the benchmark creates hundreds of stores a second.
     */
    public ApiClient startApi(Map<String, String> settings) {
        return startApi("api-service", settings);
    }

    /** The same, logging to {@code target/e2e-logs/<name>.log}. */
    public ApiClient startApi(String name, Map<String, String> settings) {
        Map<String, String> env = sharedEnvironment();
        env.put("API_BOOTSTRAP_ADMIN_KEY", ADMIN_KEY);
        env.put("API_RATE_LIMIT_REQUESTS_PER_MINUTE", "1000000");
        env.put("API_RATE_LIMIT_CREATES_PER_MINUTE", "1000000");
        env.putAll(settings);
        api = track(ServiceProcess.start(name, "api-service", env, jvmOptions));
        return new ApiClient(api.baseUrl(), ADMIN_KEY);
    }

    public ServiceProcess startWorker(String name, Map<String, String> settings) {
        Map<String, String> env = sharedEnvironment();
        env.put("WORKER_RECHECK_INTERVAL", "1s");
        env.put("WORKER_BUSY_RETRY_DELAY", "1s");
        env.put("WORKER_LEASE_DURATION", "5s");
        env.putAll(settings);
        return track(ServiceProcess.start(name, "provisioner-worker", env, jvmOptions));
    }

    public ServiceProcess startReaper(String name, Map<String, String> settings) {
        Map<String, String> env = sharedEnvironment();
        env.put("REAPER_IDENTITY", name);
        // Quick enough for a test to watch: a sweep every 500 ms, a lost leader replaced within seconds.
        env.put("REAPER_INTERVAL", "500ms");
        env.put("REAPER_LEASE_DURATION", "4s");
        env.put("REAPER_LEASE_RENEW_DEADLINE", "3s");
        env.put("REAPER_LEASE_RETRY_PERIOD", "500ms");
        env.putAll(settings);
        return track(ServiceProcess.start(name, "reaper-service", env, jvmOptions));
    }

    private ServiceProcess track(ServiceProcess service) {
        services.add(service);
        return service;
    }

    /** The API's process, once {@link #startApi} has run. */
    public ServiceProcess api() {
        return api;
    }

    public ClusterSim cluster() {
        return cluster;
    }

    public KubernetesClient kubernetes() {
        return cluster.client();
    }

    public TestBroker broker() {
        return broker;
    }

    public TestDatabase database() {
        return database;
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        cluster.close();
        if (brokerProxy != null) {
            brokerProxy.close();
        }
        broker.close();
        database.close();
        try {
            Files.deleteIfExists(kubeconfig);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
