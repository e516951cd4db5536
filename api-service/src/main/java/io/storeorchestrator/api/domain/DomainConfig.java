package io.storeorchestrator.api.domain;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The settings of custom domains (issue 11); {@code application.yml} maps each from its environment variable, and the
 * chart and docker-compose use exactly these names. The other settings are {@code ApiConfig}'s.
 *
 * @param txtPrefix         {@code DOMAIN_TXT_PREFIX} (_store-orchestrator): the owner publishes the token at
 *                          {@code <prefix>.<host>}
 * @param maxPerStore       {@code DOMAIN_MAX_PER_STORE} (5): custom domains a store may hold (FAILED ones count until
 *                          removed); one more is 409 DOMAIN_LIMIT_REACHED
 * @param verifyInterval    {@code DOMAIN_VERIFY_INTERVAL} (30s): the wait after the first look for the TXT record,
 *                          doubled after each miss
 * @param verifyMaxInterval {@code DOMAIN_VERIFY_MAX_INTERVAL} (10m): the longest wait between two looks
 * @param verifyTimeout     {@code DOMAIN_VERIFY_TIMEOUT} (48h): how long after it was asked for a domain may take to be
 *                          verified; then it is FAILED, saying what the last look found
 * @param verifyPoll        {@code DOMAIN_VERIFY_POLL} (5s): how often each replica claims the domains due for a look
 * @param dnsServer         {@code DOMAIN_DNS_SERVER} (empty: the system's resolvers): the nameserver the TXT record is
 *                          asked of, {@code host} or {@code host:port}
 * @param dnsTimeout        {@code DOMAIN_DNS_TIMEOUT} (5s): how long one TXT lookup may take
 */
@ConfigurationProperties("api.domains")
public record DomainConfig(
        @NotBlank String txtPrefix,
        @Min(0) int maxPerStore,
        @NotNull Duration verifyInterval,
        @NotNull Duration verifyMaxInterval,
        @NotNull Duration verifyTimeout,
        @NotNull Duration verifyPoll,
        @Nullable String dnsServer,
        @NotNull Duration dnsTimeout) {

    /** The documented defaults. */
    public static DomainConfig defaults() {
        return new DomainConfig("_store-orchestrator", 5, Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofHours(48), Duration.ofSeconds(5), null, Duration.ofSeconds(5));
    }

    /** The nameserver to ask, when not the system's. */
    public Optional<String> nameserver() {
        return dnsServer == null || dnsServer.isBlank() ? Optional.empty() : Optional.of(dnsServer.trim());
    }

    /** The wait before the look after {@code checks} misses: the interval, doubled per miss, capped. */
    public Duration backoff(int checks) {
        Duration wait = verifyInterval;
        for (int i = 1; i < checks && wait.compareTo(verifyMaxInterval) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(verifyMaxInterval) > 0 ? verifyMaxInterval : wait;
    }
}
