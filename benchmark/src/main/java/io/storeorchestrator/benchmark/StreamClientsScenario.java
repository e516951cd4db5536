package io.storeorchestrator.benchmark;

import io.storeorchestrator.api.e2e.PlatformStack;
import io.storeorchestrator.api.e2e.ServiceProcess;
import io.storeorchestrator.clustersim.ClusterSimConfig;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What idle store streams ({@code GET /api/v1/stores/stream}) cost the API: opens N streams that receive nothing but
 * heartbeats and compares the API's heap after a full GC (from its own {@code jvm_memory_used_bytes} on the
 * management port), its RSS and its live threads, before and after.
 */
final class StreamClientsScenario implements Scenario {

    /** Streams opened at once while connecting, so the API's accept queue is not what is measured. */
    private static final int OPENING_AT_ONCE = 50;

    @Override
    public String name() {
        return "stream-clients";
    }

    @Override
    public String summary() {
        return "memory and threads of the API per 1,000 idle store streams (SSE)";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.integer("clients", 1000, "idle streams opened"),
                Param.duration("settle", "5s", "pause after the streams are open, before the measurement"));
    }

    /** The API's figures at one moment, after a full GC. */
    private record Sample(double heapBytes, long rssKibibytes, double threads, double streams) {
    }

    @Override
    public Report run(Options options) {
        int clients = options.integer("clients");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Table table = Table.ofFigures(List.of("before", clients + " streams", "per 1,000 streams"));
        try (BenchPlatform platform = BenchPlatform.start(ClusterSimConfig.forTests(), 10)) {
            ServiceProcess api = platform.apiProcess();
            Progress progress = new Progress("stream-clients");
            // Warm-up: the classes of the stream path are loaded and its code compiled before the baseline.
            close(open(http, api, 50));
            awaitStreams(http, api, 0);
            Sample before = sample(http, api);

            progress.always("opening " + clients + " streams");
            List<InputStream> streams = open(http, api, clients);
            awaitStreams(http, api, clients);
            pause(options.duration("settle"));
            Sample after = sample(http, api);
            close(streams);

            double perThousand = 1000.0 / clients;
            table.row("streams connected (store_orchestrator_stream_clients)", Fmt.number(before.streams(), 0),
                    Fmt.number(after.streams(), 0), "");
            table.row("heap used after a full GC", mib(before.heapBytes()), mib(after.heapBytes()),
                    mib((after.heapBytes() - before.heapBytes()) * perThousand));
            table.row("RSS", Fmt.mebibytes(before.rssKibibytes()), Fmt.mebibytes(after.rssKibibytes()),
                    Fmt.mebibytes(Math.round((after.rssKibibytes() - before.rssKibibytes()) * perThousand)));
            table.row("live threads", Fmt.number(before.threads(), 0), Fmt.number(after.threads(), 0),
                    Fmt.number((after.threads() - before.threads()) * perThousand, 0));
        }
        return new Report(options)
                .condition("a fresh platform: api-service as a process (" + String.join(" ", BenchPlatform.JVM_OPTIONS)
                        + ", API_STREAM_HEARTBEAT=15s, the chart's defaults), no worker, no store changes during the"
                        + " run: the streams only receive heartbeats")
                .condition("clients: JDK HttpClient, HTTP/1.1, one connection per stream, as an admin")
                .table(table)
                .note("Heap is the sum of the API's jvm_memory_used_bytes{area=\"heap\"} read right after"
                        + " `jcmd <pid> GC.run`; RSS from /proc. Per 1,000 streams is (after - before) scaled to"
                        + " 1,000. The threads show that a stream holds none.");
    }

    private static List<InputStream> open(HttpClient http, ServiceProcess api, int count) {
        List<InputStream> streams = new ArrayList<>(count);
        for (int from = 0; from < count; from += OPENING_AT_ONCE) {
            List<CompletableFuture<HttpResponse<InputStream>>> opening = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + OPENING_AT_ONCE); i++) {
                opening.add(http.sendAsync(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/stores/stream"))
                                .header("Authorization", "Bearer " + PlatformStack.ADMIN_KEY)
                                .header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofInputStream()));
            }
            for (CompletableFuture<HttpResponse<InputStream>> future : opening) {
                HttpResponse<InputStream> response = future.orTimeout(30, TimeUnit.SECONDS).join();
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("a stream answered " + response.statusCode());
                }
                streams.add(response.body());
            }
        }
        return streams;
    }

    private static void close(List<InputStream> streams) {
        for (InputStream stream : streams) {
            try {
                stream.close();
            } catch (IOException e) {
                // gone already
            }
        }
    }

    private static void awaitStreams(HttpClient http, ServiceProcess api, int expected) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (metric(http, api, "store_orchestrator_stream_clients", null) != expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the API never counted " + expected + " streams");
            }
            pause(Duration.ofMillis(200));
        }
    }

    private static Sample sample(HttpClient http, ServiceProcess api) {
        gc(api);
        gc(api);
        return new Sample(metric(http, api, "jvm_memory_used_bytes", "area=\"heap\""), ProcFs.rssKibibytes(api.pid()),
                metric(http, api, "jvm_threads_live_threads", null),
                metric(http, api, "store_orchestrator_stream_clients", null));
    }

    /** A full GC in the API process, so the heap figure is what is live. */
    private static void gc(ServiceProcess api) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(api.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd GC.run failed on the API");
            }
        } catch (IOException e) {
            throw new IllegalStateException("jcmd is needed to run a GC in the API: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of a metric's samples on the API's /prometheus, those whose labels contain {@code labels}. */
    private static double metric(HttpClient http, ServiceProcess api, String name, String labels) {
        String body;
        try {
            body = http.send(HttpRequest.newBuilder(URI.create(api.managementUrl() + "/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("could not read the API's metrics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double sum = 0;
        for (String line : body.lines().toList()) {
            if ((line.startsWith(name + " ") || line.startsWith(name + "{"))
                    && (labels == null || line.contains(labels))) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String mib(double bytes) {
        return Fmt.number(bytes / (1024 * 1024), 1) + " MiB";
    }

    /** A settling window before a measurement: there is nothing to wait for instead. */
    private static void pause(Duration window) {
        try {
            Thread.sleep(window);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
