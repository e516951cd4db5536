package io.storeorchestrator.common.metrics;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.storeorchestrator.common.metrics.PlatformMetric.Service.API;
import static io.storeorchestrator.common.metrics.PlatformMetric.Service.REAPER;
import static io.storeorchestrator.common.metrics.PlatformMetric.Service.WORKER;
import static io.storeorchestrator.common.metrics.PlatformMetric.Type.COUNTER;
import static io.storeorchestrator.common.metrics.PlatformMetric.Type.GAUGE;
import static io.storeorchestrator.common.metrics.PlatformMetric.Type.HISTOGRAM;
import static io.storeorchestrator.common.metrics.PlatformMetric.Type.SUMMARY;

/**
 * Every metric the platform exports under its own name, declared once: the name as Prometheus scrapes it, its type,
 * the services that export it, its labels and its meaning (the HELP text). The services register their meters from
 * here, the dashboards and alert rules of the chart are written against these names, and {@code docs/operations.md}
 * and {@code monitoring/metric-names.txt} are checked against this list by a test.
 *
 * <p>Conventions: one prefix, base units (seconds), snake_case label names; counters end in {@code _total};
 * histograms are scraped as {@code _bucket}, {@code _sum} and {@code _count}. Label values are the identifiers the
 * product uses elsewhere (statuses and event types as the API shows them, steps as in the timeline, failure reasons
 * as in {@code failure.reason}); values that exist only in metrics (outcomes, verbs) are lower snake_case.
 */
public enum PlatformMetric {

    // api-service
    STORES("store_orchestrator_stores", GAUGE, Set.of(API), List.of("status"),
            "Stores by lifecycle status (QUEUED, PROVISIONING, READY, UPDATING, FAILED, DELETING, DELETED, RESTORING), "
                    + "refreshed at most every 5 s"),
    STORE_REQUESTS("store_orchestrator_store_requests_total", COUNTER, Set.of(API), List.of("action", "outcome"),
            "Store requests by action (create, delete, retry, update, rollback) and outcome (accepted, rejected)"),
    TIME_TO_READY("store_orchestrator_time_to_ready_seconds", HISTOGRAM, Set.of(API), List.of(),
            "Time from the request (create or retry) of a store's generation to READY, recorded when the API applies READY"),
    STORE_FAILURES("store_orchestrator_store_failures_total", COUNTER, Set.of(API), List.of("reason"),
            "Stores that became FAILED, by failure reason (CrashLoopBackOff, DeadlineExceeded, ...)"),
    OUTBOX_PENDING("store_orchestrator_outbox_pending", GAUGE, Set.of(API), List.of(),
            "Outbox rows not yet published to RabbitMQ"),
    OUTBOX_OLDEST_PENDING_AGE("store_orchestrator_outbox_oldest_pending_age_seconds", GAUGE, Set.of(API), List.of(),
            "Age of the oldest unpublished outbox row (0 when none)"),
    EVENTS_APPLIED("store_orchestrator_events_applied_total", COUNTER, Set.of(API), List.of("type"),
            "Worker and reaper events applied to the stores (redeliveries not counted), by event type"),
    EVENT_LAG("store_orchestrator_event_lag_seconds", HISTOGRAM, Set.of(API), List.of(),
            "From an event's occurrence (on a worker or the reaper) to its application by the API"),
    QUEUE_MESSAGES("store_orchestrator_queue_messages", GAUGE, Set.of(API), List.of("queue"),
            "Messages ready in a RabbitMQ queue (store.commands, store.events, store.commands.dead, store.events.dead), "
                    + "read at most every 5 s; NaN while the broker cannot be asked"),
    STREAM_CLIENTS("store_orchestrator_stream_clients", GAUGE, Set.of(API), List.of(),
            "Clients connected to this replica's store stream (GET /api/v1/stores/stream)"),
    DEAD_LETTERED("store_orchestrator_dead_lettered_total", COUNTER, Set.of(API, WORKER), List.of("queue"),
            "Messages this service sent to a dead-letter queue (malformed, unknown store, given up), by that queue"),

    // provisioner-worker
    COMMANDS_PROCESSED("store_orchestrator_commands_processed_total", COUNTER, Set.of(WORKER), List.of("type", "outcome"),
            "Command deliveries (commands, wake-ups, watch wake-ups) by command type and outcome"),
    STEP_DURATION("store_orchestrator_step_duration_seconds", HISTOGRAM, Set.of(WORKER), List.of("step"),
            "Duration of each step that applies or deletes objects, as its STEP event reports it"),
    STEPS_IN_FLIGHT("store_orchestrator_steps_in_flight", GAUGE, Set.of(WORKER), List.of(),
            "Steps (Kubernetes writes, readiness looks) this worker executes now"),
    STEP_SLOTS("store_orchestrator_step_slots", GAUGE, Set.of(WORKER), List.of(),
            "Steps this worker may execute at once (WORKER_CONCURRENCY)"),
    STORES_WAITING("store_orchestrator_stores_waiting", GAUGE, Set.of(WORKER), List.of(),
            "Stores parked on this worker, waiting for the cluster (they hold no slot)"),
    KUBERNETES_REQUESTS("store_orchestrator_kubernetes_requests_total", COUNTER, Set.of(WORKER, REAPER),
            List.of("verb", "outcome"),
            "Kubernetes API requests by verb (get, list, watch, create, update, patch, apply, delete) and outcome "
                    + "(success, not_found, client_error, throttled, server_error, error)"),
    KUBERNETES_REQUEST_DURATION("store_orchestrator_kubernetes_request_duration_seconds", HISTOGRAM,
            Set.of(WORKER, REAPER), List.of("verb"),
            "Kubernetes API request latency until the response headers, by verb (rate-limit waits not included)"),
    KUBERNETES_RATE_LIMIT_WAIT("store_orchestrator_kubernetes_rate_limit_wait_seconds", SUMMARY, Set.of(WORKER, REAPER),
            List.of(),
            "Kubernetes API requests sent (count) and how long they waited for the client-side rate limit (sum) "
                    + "(KUBERNETES_QPS, KUBERNETES_BURST)"),
    DRIFT_CORRECTIONS("store_orchestrator_drift_corrections_total", COUNTER, Set.of(WORKER), List.of(),
            "Objects of READY stores found changed or deleted in the cluster and applied again"),
    REPROVISIONS("store_orchestrator_reprovisions_total", COUNTER, Set.of(WORKER), List.of(),
            "READY stores whose namespace was deleted out of band, sent to be provisioned again"),
    ROLLBACKS("store_orchestrator_rollbacks_total", COUNTER, Set.of(WORKER), List.of("outcome"),
            "Automatic rollbacks of failed updates by outcome (started: sent; rolled_back: the store serves its last "
                    + "READY revision again; failed: the rollback failed too)"),

    // reaper-service
    REAPER_LEADER("store_orchestrator_reaper_leader", GAUGE, Set.of(REAPER), List.of(),
            "1 while this replica holds the reaper Lease and sweeps, else 0"),
    REAPER_ACTIONS("store_orchestrator_reaper_actions_total", COUNTER, Set.of(REAPER), List.of("action", "dry_run"),
            "Reaper actions (deadline-failed, teardown-resent, orphan-namespace-deleted, expiry-notice, expired-deleted, "
                    + "failed-retention-deleted, deleted-purged, namespace-missing, reprovision-requested, "
                    + "backup-requested); dry_run=true: only reported"),
    REAPER_GUARD_TRIPS("store_orchestrator_reaper_guard_trips_total", COUNTER, Set.of(REAPER),
            List.of("sweep", "dry_run"), "Sweeps the guard stopped because too large a share of managed namespaces "
                    + "looked orphaned (a wrong database or label?); nothing was deleted"),
    REAPER_SWEEPS("store_orchestrator_reaper_sweeps_total", COUNTER, Set.of(REAPER), List.of("sweep", "outcome"),
            "Sweeps run by the leader, by sweep (deadline, stuck-deletion, expiry, retention, orphan-namespace, "
                    + "backup-schedule) and outcome (ok, error)"),
    REAPER_SWEEP_DURATION("store_orchestrator_reaper_sweep_duration_seconds", HISTOGRAM, Set.of(REAPER),
            List.of("sweep"), "Duration of each sweep"),
    REAPER_SWEEP_SCANNED("store_orchestrator_reaper_sweep_scanned", GAUGE, Set.of(REAPER), List.of("sweep"),
            "What the last pass of each sweep examined: stores read, or managed namespaces listed plus live stores "
                    + "checked (orphan-namespace)"),
    REAPER_SWEEP_PENDING("store_orchestrator_reaper_sweep_pending", GAUGE, Set.of(REAPER), List.of("sweep"),
            "What the last pass of each sweep found to act on (acted on or left for a later pass by a cap or the "
                    + "guard)");

    /** The Prometheus metric type, as {@code # TYPE} says it. */
    public enum Type {
        COUNTER, GAUGE, HISTOGRAM, SUMMARY;

        public String prometheus() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The services, by the names the chart and the e2e harness give them. */
    public enum Service {
        API("api-service"), WORKER("provisioner-worker"), REAPER("reaper-service");

        private final String id;

        Service(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private static final String TOTAL = "_total";
    private static final String SECONDS = "_seconds";

    private final String prometheusName;
    private final Type type;
    private final Set<Service> services;
    private final List<String> labels;
    private final String help;

    PlatformMetric(String prometheusName, Type type, Set<Service> services, List<String> labels, String help) {
        this.prometheusName = prometheusName;
        this.type = type;
        this.services = EnumSet.copyOf(services);
        this.labels = labels;
        this.help = help;
    }

    /** The name as scraped: {@code store_orchestrator_store_requests_total}, a histogram's base name. */
    public String prometheusName() {
        return prometheusName;
    }

    /**
     * The name to register the Micrometer meter under: Micrometer's Prometheus naming adds {@code _total} to counters
     * and the base unit ({@code _seconds}) to timers, so they are left off here.
     */
    public String meterName() {
        return switch (type) {
            case COUNTER -> strip(prometheusName, TOTAL);
            case HISTOGRAM, SUMMARY -> strip(prometheusName, SECONDS);
            case GAUGE -> prometheusName;
        };
    }

    public Type type() {
        return type;
    }

    public Set<Service> services() {
        return services;
    }

    public boolean exportedBy(Service service) {
        return services.contains(service);
    }

    /** Label names, in the order the docs list them. */
    public List<String> labels() {
        return labels;
    }

    /** The meaning: Prometheus' HELP text and the docs' table. */
    public String help() {
        return help;
    }

    /** Every metric {@code service} exports. */
    public static List<PlatformMetric> of(Service service) {
        return java.util.Arrays.stream(values()).filter(m -> m.exportedBy(service)).toList();
    }

    private static String strip(String name, String suffix) {
        if (!name.endsWith(suffix)) {
            throw new IllegalStateException(name + " should end in " + suffix);
        }
        return name.substring(0, name.length() - suffix.length());
    }
}
