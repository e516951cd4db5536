package io.storeorchestrator.common.kubernetes;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.storeorchestrator.common.metrics.PlatformMetric;
import io.storeorchestrator.common.testsupport.LocalKubeconfig;
import io.storeorchestrator.common.tracing.Tracing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kubernetes requests seen by the observing interceptor of the client {@link KubernetesClients} builds: metrics by
 * verb and outcome, a span per request, and requests that get no answer — against a tiny local HTTP server.
 */
class ObservedRequestsTest {

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private volatile Duration delay = Duration.ZERO;
    private Path kubeconfig;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();

    private record Ended(KubernetesVerb verb, KubernetesOutcome outcome, int status, long nanos) {
    }

    private final List<Ended> ended = new CopyOnWriteArrayList<>();
    private final KubernetesRequestObserver recorder = (verb, method, uri) ->
            (outcome, code, nanos) -> ended.add(new Ended(verb, outcome, code, nanos));

    @BeforeEach
    void startServer(@TempDir Path dir) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int code = status.get();
            String json = code >= 400 ? "{\"kind\":\"Status\",\"code\":" + code + "}"
                    : exchange.getRequestURI().getPath().endsWith("/namespaces")
                    && "GET".equals(exchange.getRequestMethod())
                    ? "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[]}"
                    : "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"store-1\"}}";
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        kubeconfig = LocalKubeconfig.write(dir, server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
        provider.close();
    }

    private KubernetesClient client(KubernetesSettings settings, KubernetesRequestObserver... observers) {
        return KubernetesClients.create(settings, RequestRateLimiter.of(settings), kubeconfig, List.of(observers));
    }

    @Test
    void everyRequestIsSeenOnceWithItsVerbOutcomeAndDuration() {
        try (KubernetesClient client = client(KubernetesSettings.defaults(), recorder)) {
            client.namespaces().withName("store-1").get();
            client.namespaces().list();
            client.resource(new NamespaceBuilder().withNewMetadata().withName("store-1").endMetadata().build())
                    .fieldManager("test").forceConflicts().serverSideApply();
            status.set(404);
            assertThat(client.namespaces().withName("store-1").get()).isNull();
            status.set(422);
            assertThatThrownBy(() -> client.resource(new NamespaceBuilder().withNewMetadata().withName("store-1")
                    .endMetadata().build()).create()).isInstanceOf(KubernetesClientException.class);
        }
        assertThat(ended).extracting(Ended::verb, Ended::outcome, Ended::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(KubernetesVerb.GET, KubernetesOutcome.SUCCESS, 200),
                org.assertj.core.groups.Tuple.tuple(KubernetesVerb.LIST, KubernetesOutcome.SUCCESS, 200),
                org.assertj.core.groups.Tuple.tuple(KubernetesVerb.APPLY, KubernetesOutcome.SUCCESS, 200),
                org.assertj.core.groups.Tuple.tuple(KubernetesVerb.GET, KubernetesOutcome.NOT_FOUND, 404),
                org.assertj.core.groups.Tuple.tuple(KubernetesVerb.CREATE, KubernetesOutcome.CLIENT_ERROR, 422));
        assertThat(ended).allSatisfy(e -> assertThat(e.nanos()).isPositive());
    }

    @Test
    void metricsCountEveryVerbAndOutcomeFromTheStart() {
        KubernetesRequestMetrics metrics = new KubernetesRequestMetrics(registry);
        String requests = PlatformMetric.KUBERNETES_REQUESTS.meterName();
        assertThat(registry.find(requests).counters()).hasSize(
                KubernetesVerb.values().length * KubernetesOutcome.values().length);
        try (KubernetesClient client = client(KubernetesSettings.defaults(), metrics)) {
            client.namespaces().withName("store-1").get();
            client.namespaces().withName("store-1").get();
            status.set(503);
            assertThatThrownBy(() -> client.namespaces().withName("store-1").delete())
                    .isInstanceOf(KubernetesClientException.class);
        }
        assertThat(registry.get(requests).tags("verb", "get", "outcome", "success").counter().count()).isEqualTo(2);
        assertThat(registry.get(requests).tags("verb", "delete", "outcome", "server_error").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(PlatformMetric.KUBERNETES_REQUEST_DURATION.meterName()).tags("verb", "get").timer()
                .count()).isEqualTo(2);
    }

    @Test
    void aRequestThatIsNeverAnsweredCountsAsAnErrorOnceItCannotBeAnsweredAnyMore() throws Exception {
        delay = Duration.ofSeconds(5);
        KubernetesSettings settings = new KubernetesSettings(Duration.ofSeconds(1), Duration.ofMillis(300), 50, 100);
        try (KubernetesClient client = client(settings, recorder)) {
            assertThatThrownBy(() -> client.namespaces().withName("store-1").get())
                    .isInstanceOf(KubernetesClientException.class);
            assertThat(ended).as("Fabric8 tells no interceptor about a request without an answer").isEmpty();
            Thread.sleep(Duration.ofMillis(1700));
            delay = Duration.ZERO;
            client.namespaces().withName("store-1").get();
        }
        assertThat(ended).extracting(Ended::verb, Ended::outcome).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(KubernetesVerb.GET, KubernetesOutcome.ERROR),
                org.assertj.core.groups.Tuple.tuple(KubernetesVerb.GET, KubernetesOutcome.SUCCESS));
    }

    @Test
    void withTracingEachRequestIsAClientSpanOfTheCurrentSpan() {
        Tracing tracing = Tracing.of(provider);
        Span step = tracing.tracer().spanBuilder("step namespace").startSpan();
        try (KubernetesClient client = client(KubernetesSettings.defaults(), new KubernetesRequestTracing(tracing))) {
            try (Scope ignored = step.makeCurrent()) {
                client.resource(new NamespaceBuilder().withNewMetadata().withName("store-1").endMetadata().build())
                        .fieldManager("test").forceConflicts().serverSideApply();
            }
        } finally {
            step.end();
        }
        SpanData call = spans.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("kubernetes"))
                .findFirst().orElseThrow();
        assertThat(call.getName()).isEqualTo("kubernetes apply namespaces");
        assertThat(call.getParentSpanId()).isEqualTo(step.getSpanContext().getSpanId());
        assertThat(call.getTraceId()).isEqualTo(step.getSpanContext().getTraceId());
        assertThat(call.getAttributes().asMap().toString()).contains("http.response.status_code=200");
        assertThat(URI.create(call.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("url.full")).findFirst().orElseThrow().getValue().toString())
                .getPath()).isEqualTo("/api/v1/namespaces/store-1");
    }

    @Test
    void fabric8NeverLogsRequestBodiesEvenAtTrace() {
        ch.qos.logback.classic.Logger http = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                io.fabric8.kubernetes.client.http.HttpLoggingInterceptor.class);
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        root.addAppender(lines);
        ch.qos.logback.classic.Level before = http.getLevel();
        http.setLevel(ch.qos.logback.classic.Level.TRACE);
        String value = "pa55-" + java.util.UUID.randomUUID();
        try (KubernetesClient client = client(KubernetesSettings.defaults(), recorder)) {
            client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                    .withName("store-credentials").withNamespace("store-1").endMetadata()
                    .addToStringData("password", value).build()).create();
        } catch (KubernetesClientException e) {
            // the fake server answers with a Namespace; what matters is what was logged on the way
        } finally {
            http.setLevel(before);
            root.detachAppender(lines);
        }
        String base64 = java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        assertThat(ended).as("the request went out").isNotEmpty();
        assertThat(lines.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains(value) || line.contains(base64));
    }
}
