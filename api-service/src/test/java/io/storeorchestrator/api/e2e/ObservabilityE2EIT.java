package io.storeorchestrator.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.metrics.PlatformMetric;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an SRE gets from the running platform, through the real services as processes: every metric of the catalog
 * at start-up in a scrape {@code promtool check metrics} accepts, one trace from {@code POST /api/v1/stores} to READY
 * across the API, the outbox, RabbitMQ and the worker's steps and Kubernetes calls, JSON logs carrying the store's
 * context — and none of the store's generated secrets in any log line of the run, with the worker logging at DEBUG
 * (and Fabric8 at TRACE).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityE2EIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path LOGS = Path.of("target", "e2e-logs");
    private static final String API = "obs-api-service";
    private static final String WORKER = "obs-provisioner-worker";
    private static final String REAPER = "obs-reaper-service";

    private static OtlpReceiver otlp;
    private static PlatformStack stack;
    private static ApiClient api;
    private static ServiceProcess worker;
    private static ServiceProcess reaper;

    @BeforeAll
    static void startPlatform() {
        otlp = OtlpReceiver.start();
        Map<String, String> tracing = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                "OTEL_BSP_SCHEDULE_DELAY", "200", "LOG_FORMAT", "json");
        stack = new PlatformStack(ClusterSimConfig.forTests());
        api = stack.startApi(API, with(tracing, "STORE_BASE_DOMAIN", "shops.e2e.test", "PROVISIONING_TIMEOUT", "2m"));
        // The worker logs everything at DEBUG and Fabric8 at TRACE (a logback file of the tests: the services'
        // own only take LOG_LEVEL for the root logger, and keep Fabric8 at WARN); the reaper at DEBUG by LOG_LEVEL.
        worker = stack.startWorker(WORKER, with(tracing, "JAVA_TOOL_OPTIONS", "-Dlogback.configurationFile="
                + Path.of("target", "test-classes", "e2e-trace-logback.xml").toAbsolutePath()));
        reaper = stack.startReaper(REAPER, with(tracing, "LOG_LEVEL", "DEBUG"));
    }

    @AfterAll
    static void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    @Test
    @Order(1)
    void everyServiceExportsEveryMetricOfTheCatalogFromStartUpAndPromtoolAcceptsTheScrape() {
        Map<PlatformMetric.Service, ServiceProcess> services = Map.of(PlatformMetric.Service.API, stack.api(),
                PlatformMetric.Service.WORKER, worker, PlatformMetric.Service.REAPER, reaper);
        services.forEach((service, process) -> {
            String scrape = scrape(process);
            Set<String> families = scrape.lines().filter(l -> l.startsWith("# TYPE "))
                    .map(l -> l.split(" ")[2]).collect(Collectors.toSet());
            for (PlatformMetric metric : PlatformMetric.of(service)) {
                assertThat(families).as("%s exports %s at start-up", service.id(), metric.prometheusName())
                        .contains(metric.prometheusName());
                assertThat(scrape).as("%s of %s has its TYPE", metric.prometheusName(), service.id())
                        .contains("# TYPE " + metric.prometheusName() + " " + metric.type().prometheus());
            }
            Promtool.check(service.id(), scrape);
        });
        String api = scrape(stack.api());
        assertThat(api).contains("store_orchestrator_store_requests_total{action=\"retry\",outcome=\"rejected\"} 0.0")
                .contains("store_orchestrator_store_requests_total{action=\"update\",outcome=\"accepted\"} 0.0")
                .contains("store_orchestrator_store_requests_total{action=\"rollback\",outcome=\"rejected\"} 0.0")
                .contains("store_orchestrator_events_applied_total{type=\"READY\"} 0.0")
                .contains("store_orchestrator_store_failures_total{reason=\"CrashLoopBackOff\"} 0.0")
                .contains("store_orchestrator_dead_lettered_total{queue=\"store.events.dead\"} 0.0")
                .contains("store_orchestrator_time_to_ready_seconds_bucket{le=\"300.0\"} 0");
        await("queue depths").atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(scrape(stack.api()))
                .contains("store_orchestrator_queue_messages{queue=\"store.commands\"} 0.0")
                .contains("store_orchestrator_queue_messages{queue=\"store.events.dead\"} 0.0"));
        // Every command type by each of the worker's thirteen outcomes (CommandResult).
        assertThat(series(scrape(worker), "store_orchestrator_commands_processed_total"))
                .hasSize(CommandType.values().length * 13);
        assertThat(series(scrape(worker), "store_orchestrator_kubernetes_requests_total")).hasSize(48);
        assertThat(scrape(worker)).as("wait-ready reports no duration")
                .doesNotContain("store_orchestrator_step_duration_seconds_count{step=\"wait-ready\"}");
        assertThat(scrape(worker)).contains("store_orchestrator_step_duration_seconds_count{step=\"namespace\"} 0")
                .contains("store_orchestrator_drift_corrections_total 0.0");
        assertThat(series(scrape(reaper), "store_orchestrator_reaper_sweeps_total")).as("6 sweeps × ok, error").hasSize(12);
        assertThat(scrape(reaper)).contains(
                "store_orchestrator_reaper_actions_total{action=\"orphan-namespace-deleted\",dry_run=\"false\"} 0.0");
    }

    @Test
    @Order(2)
    void oneTraceFollowsAStoreFromPostToReadyAndItsLogsCarryItsContextButNoneOfItsSecrets() throws IOException {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String clientSpan = HexFormat.of().formatHex(randomBytes(8));
        String name = "traced-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.Reply created = api.send("POST", "/api/v1/stores",
                "{\"name\":\"" + name + "\",\"engine\":\"woocommerce\"}",
                Map.of("traceparent", "00-" + traceId + "-" + clientSpan + "-01"));
        assertThat(created.status()).isEqualTo(202);
        String id = created.body().path("id").asText();
        await(id + " READY").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.status(id).equals("READY"));

        // One trace: the request, the outbox publish, the worker's delivery, stages, steps and Kubernetes calls, the
        // events it published and the API applying them.
        await("the store's spans").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<OtlpReceiver.ReceivedSpan> trace = otlp.trace(traceId);
        System.out.println("The store's trace " + traceId + ":\n" + tree(trace, clientSpan, ""));
            List<String> names = trace.stream().map(OtlpReceiver.ReceivedSpan::name).toList();
            assertThat(names).contains("POST /api/v1/stores", "stage namespace", "step namespace", "step secret",
                    "step database", "step ingress", "step wait-ready", "kubernetes create namespaces",
                    "kubernetes create secrets", "kubernetes apply deployments", "process store.events");
            assertThat(names).anyMatch(n -> n.startsWith("publish ") && n.endsWith("store.commands"))
                    .anyMatch(n -> n.startsWith("process ") && n.endsWith("store.commands"))
                    .anyMatch(n -> n.startsWith("publish ") && n.endsWith("store.events"));
            assertThat(trace).extracting(OtlpReceiver.ReceivedSpan::service)
                    .contains("api-service", "provisioner-worker");
            assertThat(trace).filteredOn(s -> s.name().equals("process store.events"))
                    .anySatisfy(s -> assertThat(s.attributes()).containsEntry("store_orchestrator.event.type", "READY"));
            Set<String> spanIds = trace.stream().map(OtlpReceiver.ReceivedSpan::spanId).collect(Collectors.toSet());
            assertThat(trace).as("every span's parent is in the trace, or is the client's span")
                    .allSatisfy(span -> assertThat(span.parentSpanId()).isIn(union(spanIds, clientSpan)));
        });
        List<OtlpReceiver.ReceivedSpan> trace = otlp.trace(traceId);
        System.out.println("The store's trace " + traceId + ":\n" + tree(trace, clientSpan, ""));
        assertThat(trace).filteredOn(s -> s.name().equals("POST /api/v1/stores")).singleElement()
                .satisfies(s -> assertThat(s.parentSpanId()).isEqualTo(clientSpan));
        assertThat(trace).filteredOn(s -> s.service().equals("provisioner-worker") && s.name().startsWith("process "))
                .allSatisfy(s -> assertThat(s.attributes()).containsEntry("store_orchestrator.store.id", id));

        // JSON logs with the store's context: the worker logs at DEBUG about it, with its trace id.
        List<JsonNode> workerLines = jsonLines(WORKER);
        assertThat(workerLines).filteredOn(l -> id.equals(l.path("storeId").asText()))
                .isNotEmpty()
                .allSatisfy(line -> {
                    assertThat(line.path("generation").asText()).isEqualTo("1");
                    assertThat(line.path("commandId").asText()).isNotBlank();
                })
                .anySatisfy(line -> assertThat(line.path("traceId").asText()).isEqualTo(traceId));
        for (String service : List.of(API, WORKER, REAPER)) {
            assertThat(jsonLines(service)).as(service).isNotEmpty().allSatisfy(line ->
                    assertThat(line.has("time") && line.has("level") && line.has("logger") && line.has("thread")
                            && line.has("message")).as(line.toString()).isTrue());
        }

        // No secret in any log line of the run, raw or base64, at any level.
        String namespace = created.body().path("namespace").asText();
        Secret secret = stack.kubernetes().secrets().inNamespace(namespace).withName("store-credentials").get();
        assertThat(secret.getData()).isNotEmpty();
        List<String> forbidden = new ArrayList<>();
        secret.getData().values().forEach(encoded -> {
            forbidden.add(encoded);
            forbidden.add(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
        });
        assertThat(forbidden).allSatisfy(value -> assertThat(value).hasSizeGreaterThanOrEqualTo(8));
        try (Stream<Path> files = Files.list(LOGS)) {
            List<Path> logs = files.filter(f -> f.toString().endsWith(".log")).toList();
            assertThat(logs).extracting(p -> p.getFileName().toString()).contains(WORKER + ".log", API + ".log");
            for (Path log : logs) {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                for (String value : forbidden) {
                    assertThat(text.contains(value)).as("a secret value in %s", log).isFalse();
                }
            }
        }
        assertThat(Files.readString(LOGS.resolve(WORKER + ".log"))).as("the worker did log at DEBUG, Fabric8 too")
                .contains("\"level\":\"DEBUG\"").contains("\"level\":\"DEBUG\",\"logger\":\"io.fabric8");
        assertThat(Files.readString(LOGS.resolve(REAPER + ".log"))).as("LOG_LEVEL=DEBUG").contains("\"level\":\"DEBUG\"");
    }

    @Test
    @Order(3)
    void afterTrafficTheScrapesStillPassPromtoolAndCountWhatHappened() {
        for (ServiceProcess process : List.of(stack.api(), worker, reaper)) {
            Promtool.check(process.name(), scrape(process));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape(stack.api()))
                .contains("store_orchestrator_store_requests_total{action=\"create\",outcome=\"accepted\"} 1.0")
                .contains("store_orchestrator_time_to_ready_seconds_count 1")
                .contains("store_orchestrator_events_applied_total{type=\"READY\"} 1.0"));
        assertThat(scrape(worker)).contains(
                "store_orchestrator_commands_processed_total{outcome=\"ready\",type=\"provision\"} 1.0");
    }

    /** The trace as an indented tree, children in the order they arrived, for the test's output. */
    private static String tree(List<OtlpReceiver.ReceivedSpan> trace, String parent, String indent) {
        StringBuilder out = new StringBuilder();
        for (OtlpReceiver.ReceivedSpan span : trace) {
            if (span.parentSpanId().equals(parent)) {
                out.append(indent).append(span.name()).append("  [").append(span.service()).append("]\n")
                        .append(tree(trace, span.spanId(), indent + "  "));
            }
        }
        return out.toString();
    }

    /** The samples of one metric family (its lines without labels' order mattering). */
    private static List<String> series(String scrape, String family) {
        return scrape.lines().filter(l -> l.startsWith(family + "{") || l.startsWith(family + " ")).toList();
    }

    private static List<JsonNode> jsonLines(String service) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(LOGS.resolve(service + ".log"), StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            } else {
                // Only the JVM writes anything else (its own warnings on stderr, before logging starts).
                assertThat(line).as("a line of %s that is not JSON", service)
                        .matches("^(WARNING|OpenJDK|Picked up JAVA_TOOL_OPTIONS).*|^$");
            }
        }
        return lines;
    }

    static String scrape(ServiceProcess service) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.managementUrl()
                    + "/prometheus")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> with(Map<String, String> base, String... more) {
        Map<String, String> all = new HashMap<>(base);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }

    private static Set<String> union(Set<String> ids, String one) {
        Set<String> all = new java.util.HashSet<>(ids);
        all.add(one);
        return all;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** {@code promtool check metrics}, when promtool is installed; the check is skipped with a note otherwise. */
    static final class Promtool {

        static void check(String service, String scrape) {
            Path promtool = Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                    .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst().orElse(null);
            if (promtool == null) {
                System.err.println("promtool not found: skipping `promtool check metrics` of " + service
                        + " (apt-get install prometheus to run it)");
                return;
            }
            try {
                Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
                        .start();
                try (var stdin = process.getOutputStream()) {
                    stdin.write(scrape.getBytes(StandardCharsets.UTF_8));
                }
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).as("promtool check metrics on %s's scrape:%n%s", service, output)
                        .isZero();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
