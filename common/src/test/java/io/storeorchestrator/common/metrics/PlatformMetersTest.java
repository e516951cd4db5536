package io.storeorchestrator.common.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Meters registered from the catalog come out of a Prometheus scrape under the catalog's names. */
class PlatformMetersTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void eachTypeIsScrapedUnderItsCatalogName() {
        PlatformMeters.counter(registry, PlatformMetric.STORE_REQUESTS, "action", "create", "outcome", "accepted")
                .increment();
        PlatformMeters.histogram(registry, PlatformMetric.TIME_TO_READY, PlatformMeters.TIME_TO_READY_BUCKETS)
                .record(Duration.ofSeconds(90));
        PlatformMeters.gauge(registry, PlatformMetric.OUTBOX_OLDEST_PENDING_AGE, new AtomicLong(3), AtomicLong::get);
        PlatformMeters.summary(registry, PlatformMetric.KUBERNETES_RATE_LIMIT_WAIT, new AtomicLong(7),
                AtomicLong::get, c -> 2e9);
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("# TYPE store_orchestrator_store_requests_total counter")
                .contains("# HELP store_orchestrator_store_requests_total Store requests by action")
                .contains("store_orchestrator_store_requests_total{action=\"create\",outcome=\"accepted\"} 1.0")
                .contains("# TYPE store_orchestrator_time_to_ready_seconds histogram")
                .contains("store_orchestrator_time_to_ready_seconds_bucket{le=\"120.0\"} 1")
                .contains("store_orchestrator_time_to_ready_seconds_bucket{le=\"60.0\"} 0")
                .contains("store_orchestrator_time_to_ready_seconds_bucket{le=\"300.0\"} 1")
                .contains("store_orchestrator_outbox_oldest_pending_age_seconds 3.0")
                .contains("store_orchestrator_kubernetes_rate_limit_wait_seconds_count 7")
                .contains("store_orchestrator_kubernetes_rate_limit_wait_seconds_sum 2.0");
    }

    @Test
    void labelsMustBeTheCatalogs() {
        assertThatThrownBy(() -> PlatformMeters.counter(registry, PlatformMetric.STORE_REQUESTS, "action", "create"))
                .hasMessageContaining("[action, outcome]");
        assertThatThrownBy(() -> PlatformMeters.gauge(registry, PlatformMetric.STORE_REQUESTS, 1, x -> x))
                .hasMessageContaining("COUNTER");
    }

    @Test
    void frameworkMetersAreMadePromtoolClean() {
        MeterRegistry filtered = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MeterConventions conventions = new MeterConventions();
        filtered.config().meterFilter(conventions.promtoolConventions());
        new ProcessorMetrics().bindTo(filtered);
        conventions.processCpuSeconds().bindTo(filtered);
        io.micrometer.core.instrument.Timer.builder("executor").register(filtered);
        String scrape = ((PrometheusMeterRegistry) filtered).scrape();
        assertThat(scrape).doesNotContain("process_cpu_time_ns").doesNotContain("system_cpu_count")
                .contains("# TYPE process_cpu_seconds_total counter")
                .contains("# TYPE system_cpus gauge")
                .contains("# HELP executor_seconds Time tasks took on a Micronaut executor");
    }
}
