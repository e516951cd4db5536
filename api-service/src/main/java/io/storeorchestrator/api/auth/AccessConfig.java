package io.storeorchestrator.api.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Every security and tenancy setting of the api-service ({@code application.yml} maps each from its environment
 * variable; the chart and docker-compose use exactly these names). The other settings are {@code ApiConfig}'s.
 *
 * @param bootstrapAdminKey  {@code API_BOOTSTRAP_ADMIN_KEY} (empty): the admin's API key, at least 32 characters; several
 *                           separated by commas while one replaces another. Empty: no admin key, so no tenant can be
 *                           made (unless an OIDC admin is configured). Checked in memory, never stored
 * @param rateLimitEnabled   {@code API_RATE_LIMIT_ENABLED} (true): the per-key and per-address request limits
 * @param requestsPerMinute  {@code API_RATE_LIMIT_REQUESTS_PER_MINUTE} (30): requests a key (or, unauthenticated, a
 *                           client address) may make per minute, in bursts of up to as many; a tenant may have its own
 * @param createsPerMinute   {@code API_RATE_LIMIT_CREATES_PER_MINUTE} (5): store creations a key may make per minute, on
 *                           top of the general limit; a tenant may have its own
 * @param idempotencyTtl     {@code API_IDEMPOTENCY_TTL} (24h): how long an Idempotency-Key's response is replayed
 * @param oidcJwksUrl        {@code API_OIDC_JWKS_URL} (empty = off): accept bearer JWTs signed by the keys published here
 * @param oidcIssuer         {@code API_OIDC_ISSUER} (empty): the {@code iss} a JWT must carry (required when OIDC is on)
 * @param oidcAudience       {@code API_OIDC_AUDIENCE} (empty): an {@code aud} a JWT must carry; empty = not checked
 * @param oidcTenantClaim    {@code API_OIDC_TENANT_CLAIM} (tenant): the claim naming the caller's tenant (its name)
 * @param oidcAdminClaimValue {@code API_OIDC_ADMIN_TENANT} (empty = none): a tenant claim with this value makes the
 *                           caller the platform admin
 */
@ConfigurationProperties("api.access")
public record AccessConfig(
        @Nullable String bootstrapAdminKey,
        boolean rateLimitEnabled,
        @Min(1) int requestsPerMinute,
        @Min(1) int createsPerMinute,
        @NotNull Duration idempotencyTtl,
        @Nullable String oidcJwksUrl,
        @Nullable String oidcIssuer,
        @Nullable String oidcAudience,
        @NotBlank String oidcTenantClaim,
        @Nullable String oidcAdminClaimValue) {

    /** Shorter than this, an admin key could be guessed; the service refuses to start with one. */
    static final int MIN_ADMIN_KEY_LENGTH = 32;

    public AccessConfig {
        for (String key : bootstrapAdminKeys(bootstrapAdminKey)) {
            if (key.length() < MIN_ADMIN_KEY_LENGTH || !ApiKeys.isTokenText(key)) {
                throw new IllegalArgumentException("API_BOOTSTRAP_ADMIN_KEY: each key must be at least "
                        + MIN_ADMIN_KEY_LENGTH + " characters of letters, digits and -._~+/= (./stack.sh and the chart "
                        + "generate one)");
            }
        }
    }

    /** The admin keys in force (one, or two during a rotation). */
    public List<String> bootstrapAdminKeys() {
        return bootstrapAdminKeys(bootstrapAdminKey);
    }

    public boolean oidcEnabled() {
        return oidcJwksUrl != null && !oidcJwksUrl.isBlank();
    }

    private static List<String> bootstrapAdminKeys(@Nullable String setting) {
        return setting == null ? List.of()
                : Arrays.stream(setting.split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList();
    }
}
