package io.storeorchestrator.api.auth;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.ratelimit.RateLimiter;
import io.storeorchestrator.api.tenant.TenantLimits;

import java.util.Optional;

/**
 * The gate of every {@code /api/**} request, before any controller: authenticates it ({@link Authenticator}), then
 * applies the rate limits: per credential, a general one and a stricter one for store creates (a tenant's own limits
 * when it has them), and per client address for requests that fail to authenticate, so guessing keys is throttled
 * too. The caller it resolves is stored on the request for controllers ({@link CallerBinder}).
 */
@ServerFilter("/api/**")
public class AccessFilter implements Ordered {

    static final String STORES = "/api/v1/stores";

    private final Authenticator authenticator;
    private final RateLimiter limiter;
    private final AccessConfig config;

    public AccessFilter(Authenticator authenticator, RateLimiter limiter, AccessConfig config) {
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.config = config;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public void admit(HttpRequest<?> request) {
        Caller caller;
        try {
            caller = authenticator.authenticate(request);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.UNAUTHENTICATED) {
                limit("addr:" + authenticator.sourceIp(request), config.requestsPerMinute());
            }
            throw e;
        }
        Optional<TenantLimits> tenant = caller.tenantLimits();
        limit(caller.rateLimitKey(), tenant.map(TenantLimits::requestsPerMinute).orElse(config.requestsPerMinute()));
        if (request.getMethod() == HttpMethod.POST && STORES.equals(trimmed(request.getPath()))) {
            limit(caller.rateLimitKey() + ":create",
                    tenant.map(TenantLimits::createsPerMinute).orElse(config.createsPerMinute()));
        }
        request.setAttribute(Caller.ATTRIBUTE, caller);
    }

    private void limit(String bucket, Integer perMinute) {
        if (!config.rateLimitEnabled()) {
            return;
        }
        int limit = perMinute == null ? config.requestsPerMinute() : perMinute;
        RateLimiter.Decision decision = limiter.take(bucket, limit);
        if (!decision.allowed()) {
            throw new ApiException(ErrorCode.RATE_LIMITED, "Too many requests: at most " + limit + " a minute"
                    + (bucket.endsWith(":create") ? " for store creation" : "") + "; retry in "
                    + decision.retryAfterSeconds() + " s")
                    .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        }
    }

    private static String trimmed(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** After tracing (so a refused request still has its span), before anything that reads the request. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }
}
