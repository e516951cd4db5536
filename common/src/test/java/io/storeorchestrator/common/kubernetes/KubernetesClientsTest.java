package io.storeorchestrator.common.kubernetes;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micronaut.context.ApplicationContext;
import io.storeorchestrator.common.testsupport.LocalKubeconfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client the factory builds, against a tiny local HTTP server that answers as told. */
class KubernetesClientsTest {

    private static final String NAMESPACE = """
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"default"}}""";

    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicReference<Answer> answer = new AtomicReference<>(new Answer(200, Duration.ZERO));
    private Path kubeconfig;

    private record Answer(int status, Duration delay) {
    }

    @BeforeEach
    void startServer(@TempDir Path dir) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            Answer now = answer.get();
            try {
                Thread.sleep(now.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = (now.status() == 200 ? NAMESPACE : "{\"kind\":\"Status\",\"code\":" + now.status() + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Retry-After", "1");
            exchange.sendResponseHeaders(now.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        kubeconfig = LocalKubeconfig.write(dir, server.getAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void requestsBeyondTheBurstWaitForTheRateLimit() {
        KubernetesSettings settings = new KubernetesSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 10, 2);
        RequestRateLimiter limiter = RequestRateLimiter.of(settings);
        try (KubernetesClient client = KubernetesClients.create(settings, limiter, kubeconfig)) {
            // The first request pays for connecting; the bucket is full again after it.
            client.namespaces().withName("default").get();
            Duration waitedBefore = limiter.waited();
            long start = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                assertThat(client.namespaces().withName("default").get()).isNotNull();
            }
            // Two from the burst, then one every 100 ms.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
            // How much of that was waiting depends on how slow the requests themselves were on a busy machine.
            assertThat(limiter.waited()).isGreaterThan(waitedBefore);
        }
        assertThat(hits.get()).isEqualTo(7);
        assertThat(limiter.requests()).isEqualTo(7);
    }

    @Test
    void fabric8DoesNotRetryOnItsOwn() {
        KubernetesSettings settings = KubernetesSettings.defaults();
        try (KubernetesClient client = KubernetesClients.create(settings, RequestRateLimiter.of(settings), kubeconfig)) {
            for (int status : new int[]{429, 503}) {
                hits.set(0);
                answer.set(new Answer(status, Duration.ZERO));
                assertThatThrownBy(() -> client.namespaces().withName("default").get())
                        .isInstanceOfSatisfying(KubernetesClientException.class,
                                e -> assertThat(e.getCode()).isEqualTo(status));
                assertThat(hits.get()).as("one attempt for " + status + "; the caller decides about retries").isEqualTo(1);
            }
        }
    }

    @Test
    void aHungApiServerFailsTheRequestAfterTheRequestTimeout() {
        answer.set(new Answer(200, Duration.ofSeconds(10)));
        KubernetesSettings settings = new KubernetesSettings(Duration.ofSeconds(1), Duration.ofMillis(500), 50, 100);
        try (KubernetesClient client = KubernetesClients.create(settings, RequestRateLimiter.of(settings), kubeconfig)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.namespaces().withName("default").get())
                    .isInstanceOf(KubernetesClientException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void theFactoryBindsKubernetesSettingsWithTheirDefaultsAndUsesTheTestKubeconfig() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                KubernetesClientFactory.TEST_KUBECONFIG_PROPERTY, kubeconfig.toString(),
                "kubernetes.qps", "7.5"))) {
            assertThat(context.getBean(KubernetesSettings.class)).isEqualTo(
                    new KubernetesSettings(Duration.ofSeconds(5), Duration.ofSeconds(15), 7.5, 100));
            KubernetesClient client = context.getBean(KubernetesClient.class);
            assertThat(client.getMasterUrl().getPort()).isEqualTo(server.getAddress().getPort());
            assertThat(client.namespaces().withName("default").get()).isNotNull();
            assertThat(context.getBean(RequestRateLimiter.class).requests()).isEqualTo(1);
        }
    }
}
