package io.storeorchestrator.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Registers the meters of {@link PlatformMetric} in Micrometer, with their HELP text and, for histograms, explicit
 * buckets (Prometheus classic histograms; Micrometer's own percentile histogram would be some seventy buckets a
 * series). Label names are checked against the catalog, so a meter cannot drift from what the docs and dashboards
 * say. Register eagerly and keep the meter: the lookup is not meant for every increment.
 */
public final class PlatformMeters {

    /** Minutes-long provisioning: 10 s to 30 min; the time-to-ready SLO reads the 5-minute bucket. */
    public static final List<Duration> TIME_TO_READY_BUCKETS = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30));
    /** One call to the Kubernetes API server: milliseconds, seconds when it struggles. */
    public static final List<Duration> REQUEST_BUCKETS = millis(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000,
            10_000, 30_000);
    /** A step applies a few objects (with retries): tens of milliseconds to a minute or two. */
    public static final List<Duration> STEP_BUCKETS = millis(10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000,
            30_000, 60_000, 120_000);
    /** From a worker's event to the API applying it: milliseconds, minutes through an outage. */
    public static final List<Duration> EVENT_LAG_BUCKETS = millis(10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000,
            30_000, 60_000, 300_000);
    /** A reaper sweep: a query or a list, and a few publishes or deletes. */
    public static final List<Duration> SWEEP_BUCKETS = millis(10, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000,
            60_000);

    private PlatformMeters() {
    }

    public static Counter counter(MeterRegistry registry, PlatformMetric metric, String... labels) {
        require(metric, PlatformMetric.Type.COUNTER);
        return Counter.builder(metric.meterName()).description(metric.help()).tags(tags(metric, labels))
                .register(registry);
    }

    /** A histogram of durations (seconds) with {@code buckets} as its {@code le} bounds. */
    public static Timer histogram(MeterRegistry registry, PlatformMetric metric, List<Duration> buckets,
                                  String... labels) {
        require(metric, PlatformMetric.Type.HISTOGRAM);
        return Timer.builder(metric.meterName()).description(metric.help()).tags(tags(metric, labels))
                .serviceLevelObjectives(buckets.toArray(Duration[]::new))
                .register(registry);
    }

    public static <T> Gauge gauge(MeterRegistry registry, PlatformMetric metric, T state, ToDoubleFunction<T> value,
                                  String... labels) {
        require(metric, PlatformMetric.Type.GAUGE);
        return Gauge.builder(metric.meterName(), state, value).description(metric.help()).tags(tags(metric, labels))
                .strongReference(true)
                .register(registry);
    }

    /** A summary fed from totals kept elsewhere: {@code count} events that took {@code totalNanos} in all. */
    public static <T> FunctionTimer summary(MeterRegistry registry, PlatformMetric metric, T state,
                                            ToDoubleFunction<T> count, ToDoubleFunction<T> totalNanos) {
        require(metric, PlatformMetric.Type.SUMMARY);
        return FunctionTimer.builder(metric.meterName(), state, t -> (long) count.applyAsDouble(t), totalNanos,
                        TimeUnit.NANOSECONDS)
                .description(metric.help())
                .register(registry);
    }

    /** {@code labels} as name, value pairs, which must name exactly the catalog's labels. */
    static Tags tags(PlatformMetric metric, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs: " + List.of(labels));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < labels.length; i += 2) {
            names.add(labels[i]);
        }
        if (!names.stream().sorted().toList().equals(metric.labels().stream().sorted().toList())) {
            throw new IllegalArgumentException(metric.prometheusName() + " has labels " + metric.labels() + ", not "
                    + names);
        }
        return Tags.of(labels);
    }

    private static void require(PlatformMetric metric, PlatformMetric.Type type) {
        if (metric.type() != type) {
            throw new IllegalArgumentException(metric.prometheusName() + " is a " + metric.type() + ", not a " + type);
        }
    }

    private static List<Duration> millis(long... bounds) {
        return java.util.Arrays.stream(bounds).mapToObj(Duration::ofMillis).toList();
    }
}
