package io.storeorchestrator.api.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.http.Origins;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns a request's {@code Authorization: Bearer <credential>} into a {@link Caller}: the bootstrap admin key
 * (compared in memory), a tenant's API key (looked up by hash), or, when OIDC is on, a JWT. Anything else is 401
 * UNAUTHENTICATED; the message never says whether a key exists, was revoked or belongs to a deleted tenant.
 */
@Singleton
public class Authenticator {

    static final String BEARER = "bearer ";
    /** Longer than any key or reasonable JWT: refused before it is hashed or parsed. */
    static final int MAX_CREDENTIAL_LENGTH = 8192;
    static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final List<byte[]> adminKeyHashes;
    private final @Nullable JwtAuthenticator jwt;
    private final boolean trustForwardedFor;

    public Authenticator(ApiKeyRepository keys, AccessConfig access, ApiConfig config,
                         Optional<JwtAuthenticator> jwt) {
        this.keys = keys;
        this.adminKeyHashes = access.bootstrapAdminKeys().stream().map(ApiKeys::hash).toList();
        this.jwt = jwt.orElse(null);
        this.trustForwardedFor = config.trustForwardedFor();
    }

    /** @throws ApiException UNAUTHENTICATED when the request carries no valid credential */
    public Caller authenticate(HttpRequest<?> request) {
        String credential = bearerCredential(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        String actor = Origins.declaredActor(request);
        String sourceIp = sourceIp(request);
        byte[] hash = ApiKeys.hash(credential);
        for (byte[] admin : adminKeyHashes) {
            if (MessageDigest.isEqual(admin, hash)) {
                return new Caller(Caller.Role.ADMIN, null, null, "key:bootstrap", actor, sourceIp);
            }
        }
        if (ApiKeys.isWellFormed(credential)) {
            ApiKeyRepository.Found key = keys.findUsable(hash).orElseThrow(Authenticator::invalid);
            if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(Instant.now().minus(LAST_USE_RESOLUTION))) {
                keys.touch(key.keyId());
            }
            return new Caller(Caller.Role.TENANT, key.tenantId(), key.limits(), "key:" + key.keyId(), actor, sourceIp);
        }
        if (jwt != null && JwtAuthenticator.looksLikeJwt(credential)) {
            return jwt.authenticate(credential, actor, sourceIp);
        }
        throw invalid();
    }

    /** The client address, as the audit log and the per-address rate limit see it. */
    public String sourceIp(HttpRequest<?> request) {
        return Origins.of(request, trustForwardedFor).sourceIp();
    }

    static String bearerCredential(@Nullable String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED,
                    "Authentication is required: send 'Authorization: Bearer <API key>'");
        }
        if (authorization.length() > MAX_CREDENTIAL_LENGTH + BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED,
                    "The Authorization header must be 'Bearer <API key>'");
        }
        String credential = authorization.substring(BEARER.length()).strip();
        if (credential.isEmpty() || !ApiKeys.isTokenText(credential)) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "The bearer credential is malformed");
        }
        return credential;
    }

    static ApiException invalid() {
        return new ApiException(ErrorCode.UNAUTHENTICATED, "The credential is not valid (unknown, revoked or expired)");
    }
}
