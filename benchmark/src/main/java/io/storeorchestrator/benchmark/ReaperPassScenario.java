package io.storeorchestrator.benchmark;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.storeorchestrator.api.e2e.ServiceProcess;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.common.naming.StoreNames;
import io.storeorchestrator.common.testsupport.TestDatabase;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One full reaper pass at scale: N managed namespaces in cluster-sim and N store rows (READY, each with its namespace,
 * but for a few orphans each way), then the reaper's sweeps — deadline, stuck deletion, expiry, retention, and the
 * orphan sweep that lists every managed namespace a page at a time, queries the stores once per page and compares the
 * live stores with the listing — with their durations and what they examined, from the reaper's own metrics, and its
 * memory. The first pass runs cold (a JVM just started), the later ones warm.
 */
final class ReaperPassScenario implements Scenario {

    private static final Pattern SAMPLE = Pattern.compile(
            "^(store_orchestrator_reaper_sweep_duration_seconds_sum|store_orchestrator_reaper_sweep_scanned"
                    + "|store_orchestrator_reaper_sweep_pending|store_orchestrator_reaper_sweeps_total"
                    + "|store_orchestrator_reaper_actions_total)"
                    + "\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern HEAP = Pattern.compile(
            "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*}\\s+(\\S+)", Pattern.MULTILINE);
    private static final List<String> SWEEPS = List.of("deadline", "stuck-deletion", "expiry", "retention",
            "orphan-namespace");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    public String name() {
        return "reaper-pass";
    }

    @Override
    public String summary() {
        return "one full reaper pass over N managed namespaces and N store rows: its duration and memory";
    }

    @Override
    public List<Param> params() {
        return List.of(
                Param.integer("stores", 10_000, "managed namespaces in cluster-sim, and store rows"),
                Param.integer("orphans", 20, "of them, namespaces whose store row is DELETED (deleted by the pass)"),
                Param.integer("missing", 5, "of them, READY stores whose namespace is not there (reported)"),
                Param.integer("passes", 3, "passes measured, the first one cold"),
                Param.integer("page-size", 500, "REAPER_ORPHAN_PAGE_SIZE"),
                Param.integer("max-per-sweep", 100, "REAPER_ORPHAN_MAX_PER_SWEEP: orphans deleted per pass at most"),
                Param.integer("max-per-second", 1000, "REAPER_ORPHAN_MAX_PER_SECOND (the chart's is 5)"),
                Param.count("guard-override", 0, "1: REAPER_ORPHAN_GUARD_OVERRIDE=true, for a backlog above "
                        + "REAPER_ORPHAN_MAX_SHARE (0.1) of the namespaces"),
                Param.duration("latency", "0ms", "cluster-sim latency per API call"),
                Param.duration("timeout", "10m", "how long to wait for the passes"));
    }

    @Override
    public Report run(Options options) {
        int stores = options.integer("stores");
        int orphans = options.integer("orphans");
        int missing = options.integer("missing");
        int passes = options.integer("passes");
        Duration latency = options.duration("latency");
        ClusterSimConfig cluster = ClusterSimConfig.forTests().withDefaultRules(false).withApiLatency(latency);
        List<String> columns = new ArrayList<>();
        for (int pass = 1; pass <= passes; pass++) {
            columns.add(pass == 1 ? "pass 1 (cold)" : "pass " + pass);
        }
        Table table = Table.ofFigures(columns);
        long seedMillis;
        Progress progress = new Progress(name());
        try (BenchPlatform platform = BenchPlatform.start(cluster, 10)) {
            long seeding = System.nanoTime();
            seed(platform.cluster().client(), platform.database(), stores, orphans, missing);
            seedMillis = Duration.ofNanos(System.nanoTime() - seeding).toMillis();
            progress.always("seeded " + stores + " namespaces and store rows in " + Fmt.span(seedMillis));
            ServiceProcess reaper = platform.startReaper(Map.of(
                    "REAPER_INTERVAL", "5s",
                    "REAPER_DRY_RUN", "false",
                    "REAPER_ORPHAN_GRACE", "0s",
                    "REAPER_ORPHAN_PAGE_SIZE", Integer.toString(options.integer("page-size")),
                    "REAPER_ORPHAN_MAX_PER_SWEEP", Integer.toString(options.integer("max-per-sweep")),
                    "REAPER_ORPHAN_MAX_PER_SECOND", Integer.toString(options.integer("max-per-second")),
                    "REAPER_ORPHAN_GUARD_OVERRIDE", Boolean.toString(options.integer("guard-override") > 0),
                    "DATABASE_MAX_POOL_SIZE", "2",
                    "KUBERNETES_QPS", "20",
                    "KUBERNETES_BURST", "40"));
            List<Map<String, Double>> samples = new ArrayList<>();
            Map<String, Double> previous = Map.of();
            long deadline = System.nanoTime() + options.duration("timeout").toNanos();
            for (int pass = 1; pass <= passes; pass++) {
                Map<String, Double> now;
                do {
                    pause(Duration.ofMillis(200));
                    now = scrape(reaper);
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("pass " + pass + " did not finish in time");
                    }
                } while (now.getOrDefault("sweeps/orphan-namespace", 0.0) < pass);
                now.put("rss", (double) ProcFs.rssKibibytes(reaper.pid()));
                samples.add(delta(now, previous));
                previous = now;
                progress.always("pass " + pass + " done");
            }
            for (String sweep : SWEEPS) {
                table.row(sweep + " sweep", samples.stream().map(s -> Fmt.millis(1000 * s.getOrDefault(
                        "duration/" + sweep, 0.0))).toList());
            }
            table.row("whole pass", samples.stream().map(s -> Fmt.millis(1000 * SWEEPS.stream()
                    .mapToDouble(sweep -> s.getOrDefault("duration/" + sweep, 0.0)).sum())).toList());
            table.row("examined by the orphan sweep (namespaces + live stores)", samples.stream()
                    .map(s -> Fmt.number(s.getOrDefault("scanned/orphan-namespace", 0.0), 0)).toList());
            table.row("found to act on (orphans + missing namespaces)", samples.stream()
                    .map(s -> Fmt.number(s.getOrDefault("pending/orphan-namespace", 0.0), 0)).toList());
            table.row("orphan namespaces deleted in the pass", samples.stream()
                    .map(s -> Fmt.number(s.getOrDefault("deleted", 0.0), 0)).toList());
            table.row("… per second of the orphan sweep", samples.stream()
                    .map(s -> Fmt.number(s.getOrDefault("deleted", 0.0)
                            / Math.max(1e-3, s.getOrDefault("duration/orphan-namespace", 0.0)), 1)).toList());
            table.row("reaper heap used after the pass", samples.stream()
                    .map(s -> Fmt.mebibytes((long) (s.getOrDefault("heap", 0.0) / 1024))).toList());
            table.row("reaper RSS after the pass", samples.stream()
                    .map(s -> Fmt.mebibytes(s.getOrDefault("rss", 0.0).longValue())).toList());
        }
        return new Report(options)
                .condition("cluster-sim: API latency " + Durations.format(latency) + " on every request; no workload "
                        + "(namespaces only)")
                .condition("seeded: " + stores + " managed namespaces created through the API server, " + stores
                        + " store rows inserted (READY; " + orphans + " DELETED with their namespace left over, "
                        + missing + " without a namespace) in " + Fmt.span(seedMillis))
                .condition("the reaper as a process (" + String.join(" ", BenchPlatform.JVM_OPTIONS)
                        + "), REAPER_INTERVAL=5s, REAPER_ORPHAN_GRACE=0s (every namespace judged), "
                        + "REAPER_ORPHAN_MAX_PER_SWEEP=" + options.integer("max-per-sweep")
                        + ", REAPER_ORPHAN_MAX_PER_SECOND=" + options.integer("max-per-second")
                        + (options.integer("guard-override") > 0 ? ", REAPER_ORPHAN_GUARD_OVERRIDE=true" : "") + ", "
                        + "DATABASE_MAX_POOL_SIZE=2, KUBERNETES_QPS=20, the chart's other defaults")
                .table(table)
                .note("Durations are the reaper's store_orchestrator_reaper_sweep_duration_seconds per sweep and pass "
                        + "(the difference of its _sum between passes); the counts are its sweep_scanned and "
                        + "sweep_pending gauges; memory is jvm_memory_used_bytes{area=\"heap\"} and the process RSS "
                        + "right after the pass. The first pass deletes the orphans and reports the stores whose "
                        + "namespace is missing; the API (running, with no worker) moves those to PROVISIONING, so "
                        + "the later passes find nothing to act on and read the same rows and namespaces again.");
    }

    /** Namespaces through the API server, a few at a time; store rows in batches of 1000. */
    private static void seed(KubernetesClient kubernetes, TestDatabase db, int stores, int orphans, int missing) {
        List<UUID> ids = new ArrayList<>(stores);
        for (int i = 0; i < stores; i++) {
            ids.add(UUID.randomUUID());
        }
        Semaphore inFlight = new Semaphore(16);
        List<Future<?>> creates = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = missing; i < stores; i++) {
                UUID id = ids.get(i);
                String name = "bench-" + i;
                inFlight.acquireUninterruptibly();
                creates.add(executor.submit(() -> {
                    try {
                        kubernetes.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                                .withName(StoreNames.namespaceFor(id))
                                .addToLabels(StoreLabels.forStore(id, name, "woocommerce")).endMetadata().build())
                                .create();
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            }
            for (Future<?> create : creates) {
                create.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("seeding namespaces: " + e.getMessage(), e);
        }
        Instant created = Instant.now().minus(Duration.ofDays(1));
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO stores (id, name, engine, status, namespace, host, generation, created_at, updated_at,
                                    ready_at, deleted_at)
                VALUES (?, ?, 'woocommerce', ?, ?, ?, 1, ?, ?, ?, ?)""")) {
            for (int i = 0; i < stores; i++) {
                UUID id = ids.get(i);
                boolean deleted = i >= stores - orphans;
                s.setObject(1, id);
                s.setString(2, "bench-" + i);
                s.setString(3, deleted ? "DELETED" : "READY");
                s.setString(4, StoreNames.namespaceFor(id));
                s.setString(5, "bench-" + i + ".localtest.me");
                s.setTimestamp(6, Timestamp.from(created));
                s.setTimestamp(7, Timestamp.from(created));
                s.setTimestamp(8, Timestamp.from(created));
                s.setTimestamp(9, deleted ? Timestamp.from(created) : null);
                s.addBatch();
                if (i % 1000 == 999) {
                    s.executeBatch();
                }
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("seeding store rows: " + e.getMessage(), e);
        }
    }

    /** The reaper's figures now, cumulative: sweep duration sums and pass counts, gauges, heap. */
    private static Map<String, Double> scrape(ServiceProcess reaper) {
        String text;
        try {
            text = HTTP.send(HttpRequest.newBuilder(URI.create(reaper.managementUrl() + "/prometheus"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return new LinkedHashMap<>();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Matcher sample = SAMPLE.matcher(text);
        while (sample.find()) {
            String labels = sample.group(2);
            String sweep = label(labels, "sweep");
            double value = Double.parseDouble(sample.group(3));
            switch (sample.group(1)) {
                case "store_orchestrator_reaper_sweep_duration_seconds_sum" -> values.put("duration/" + sweep, value);
                case "store_orchestrator_reaper_sweep_scanned" -> values.put("scanned/" + sweep, value);
                case "store_orchestrator_reaper_sweep_pending" -> values.put("pending/" + sweep, value);
                case "store_orchestrator_reaper_actions_total" -> {
                    if ("orphan-namespace-deleted".equals(label(labels, "action"))
                            && "false".equals(label(labels, "dry_run"))) {
                        values.put("deleted", value);
                    }
                }
                default -> {
                    if ("ok".equals(label(labels, "outcome"))) {
                        values.put("sweeps/" + sweep, value);
                    }
                }
            }
        }
        double heap = 0;
        Matcher used = HEAP.matcher(text);
        while (used.find()) {
            heap += Double.parseDouble(used.group(1));
        }
        values.put("heap", heap);
        return values;
    }

    private static String label(String labels, String name) {
        Matcher value = Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
        return value.find() ? value.group(1) : "";
    }

    /** Durations as the difference from the pass before; gauges, heap and RSS as they are. */
    private static Map<String, Double> delta(Map<String, Double> now, Map<String, Double> before) {
        Map<String, Double> pass = new LinkedHashMap<>(now);
        now.forEach((key, value) -> {
            if (key.startsWith("duration/") || key.equals("deleted")) {
                pass.put(key, value - before.getOrDefault(key, 0.0));
            }
        });
        return pass;
    }

    /** Polling the reaper's metrics: the figures are what it reports, there is no event to wait on. */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
