package io.storeorchestrator.common.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Makes every service's scrape pass {@code promtool check metrics}, framework meters included. Micronaut applies
 * {@link MeterFilter} and {@link MeterBinder} beans to its registry before anything registers, so this is one place
 * for all three services:
 * <ul>
 *   <li>meters registered without a description (Micronaut's {@code http.server.requests}, {@code executor}) get one:
 *       promtool wants a HELP line for every metric;</li>
 *   <li>Micrometer's {@code process.cpu.time} is scraped as {@code process_cpu_time_ns_total}, an abbreviated
 *       unit in nanoseconds: it is dropped, and {@code process_cpu_seconds_total} (the name Prometheus' own clients
 *       use) is exported instead;</li>
 *   <li>{@code system.cpu.count} would be a gauge ending in {@code _count}, which promtool reserves for histograms
 *       and summaries: it is exported as {@code system_cpus}.</li>
 * </ul>
 */
@Factory
@Requires(classes = MeterRegistry.class)
public class MeterConventions {

    static final String PROCESS_CPU_TIME = "process.cpu.time";
    static final String SYSTEM_CPU_COUNT = "system.cpu.count";

    /** HELP for the framework meters known to come without one. */
    static final Map<String, String> DESCRIPTIONS = Map.of(
            "http.server.requests", "HTTP requests served, by method, route (uri), status and outcome",
            "http.client.requests", "HTTP requests sent by the service's HTTP client",
            "executor", "Time tasks took on a Micronaut executor");

    @Singleton
    MeterFilter promtoolConventions() {
        return new PromtoolConventions();
    }

    @Singleton
    MeterBinder processCpuSeconds() {
        return registry -> {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                FunctionCounter.builder("process.cpu", os, bean -> bean.getProcessCpuTime() / 1e9)
                        .baseUnit("seconds")
                        .description("CPU time the process used")
                        .register(registry);
            }
        };
    }

    static final class PromtoolConventions implements MeterFilter {

        @Override
        public MeterFilterReply accept(Meter.Id id) {
            return PROCESS_CPU_TIME.equals(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
        }

        @Override
        public Meter.Id map(Meter.Id id) {
            String name = SYSTEM_CPU_COUNT.equals(id.getName()) ? "system.cpus" : id.getName();
            String description = id.getDescription();
            if (description == null || description.isBlank()) {
                description = DESCRIPTIONS.getOrDefault(id.getName(), "Micrometer meter " + id.getName());
            }
            if (name.equals(id.getName()) && description.equals(id.getDescription())) {
                return id;
            }
            return new Meter.Id(name, Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
        }
    }
}
