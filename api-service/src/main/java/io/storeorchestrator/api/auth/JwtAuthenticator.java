package io.storeorchestrator.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.tenant.TenantRepository;
import jakarta.inject.Singleton;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Set;

/**
 * Bearer JWTs from an OIDC issuer (on when {@code API_OIDC_JWKS_URL} is set): the signature is checked against the
 * issuer's published keys (fetched, cached and refreshed when a token names a key not seen yet), then {@code iss},
 * {@code exp}/{@code nbf} (a minute of clock skew), {@code sub} and, when configured, {@code aud}. The tenant is the
 * one named by the tenant claim, which must exist here; the configured admin value makes the caller the admin.
 */
@Singleton
@Requires(property = "api.access.oidc-jwks-url", pattern = ".*\\S.*")
public class JwtAuthenticator {

    /** Asymmetric algorithms only: an issuer never shares a secret with us. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

    private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final TenantRepository tenants;
    private final String tenantClaim;
    private final @Nullable String adminValue;

    public JwtAuthenticator(AccessConfig access, TenantRepository tenants) {
        if (access.oidcIssuer() == null || access.oidcIssuer().isBlank()) {
            throw new IllegalArgumentException("API_OIDC_ISSUER is required when API_OIDC_JWKS_URL is set");
        }
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(URI.create(access.oidcJwksUrl().strip()).toURL()).retrying(true).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("API_OIDC_JWKS_URL is not a URL", e);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        String audience = access.oidcAudience() == null || access.oidcAudience().isBlank() ? null
                : access.oidcAudience().strip();
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(access.oidcIssuer().strip()).build(),
                Set.of(JWTClaimNames.SUBJECT, JWTClaimNames.EXPIRATION_TIME)));
        this.tenants = tenants;
        this.tenantClaim = access.oidcTenantClaim();
        this.adminValue = access.oidcAdminClaimValue() == null || access.oidcAdminClaimValue().isBlank() ? null
                : access.oidcAdminClaimValue().strip();
    }

    /** Three base64url parts: worth verifying as a JWT. */
    static boolean looksLikeJwt(String credential) {
        return credential.chars().filter(c -> c == '.').count() == 2;
    }

    Caller authenticate(String token, @Nullable String declaredActor, @Nullable String sourceIp) {
        JWTClaimsSet claims;
        String tenant;
        try {
            claims = processor.process(token, null);
            tenant = claims.getStringClaim(tenantClaim);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw Authenticator.invalid();
        }
        String principal = "jwt:" + claims.getSubject();
        if (tenant == null || tenant.isBlank()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "The token names no tenant (claim '" + tenantClaim + "')");
        }
        if (tenant.equals(adminValue)) {
            return new Caller(Caller.Role.ADMIN, null, null, principal, declaredActor, sourceIp);
        }
        TenantRepository.Named named = tenants.findByName(tenant).orElseThrow(() -> new ApiException(
                ErrorCode.FORBIDDEN, "The token's tenant is not registered on this platform"));
        return new Caller(Caller.Role.TENANT, named.id(), named.limits(), principal, declaredActor, sourceIp);
    }
}
