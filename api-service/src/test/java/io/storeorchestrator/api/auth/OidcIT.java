package io.storeorchestrator.api.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.storeorchestrator.api.support.ApiFixture;
import io.storeorchestrator.api.support.RunningApi;
import io.storeorchestrator.api.support.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer JWTs from an OIDC issuer: a locally generated RSA key published as a JWKS by a small HTTP server on
 * 127.0.0.1, the API configured with its URL, and tokens signed (or forged) here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcIT {

    static final String ISSUER = "https://issuer.test";
    static final String AUDIENCE = "store-orchestrator";

    private RSAKey signingKey;
    private HttpServer jwks;
    private ApiFixture fixture;
    private RunningApi api;

    @BeforeAll
    void start() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
        byte[] published = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, published.length);
            exchange.getResponseBody().write(published);
            exchange.close();
        });
        jwks.start();
        fixture = ApiFixture.start(props -> {
            props.put("api.access.oidc-jwks-url", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
            props.put("api.access.oidc-issuer", ISSUER);
            props.put("api.access.oidc-audience", AUDIENCE);
            props.put("api.access.oidc-admin-claim-value", "platform-admins");
        });
        api = fixture.api;
    }

    @AfterAll
    void stop() {
        fixture.close();
        jwks.stop(0);
    }

    @Test
    void aValidTokenActsAsTheTenantItsClaimNames() throws Exception {
        Tenants.Tenant tenant = Tenants.create(api, "oidc-team", 2);
        String mine = Tenants.createStore(api, tenant.key(), "oidc-owned").get("id").asText();
        String theirs = fixture.createStore("not-oidc-team").get("id").asText();

        String token = sign(claims("alice", "oidc-team", Instant.now().plusSeconds(300)).build());
        assertThat(api.as(token, "GET", "/api/v1/stores/" + mine, null).status()).isEqualTo(200);
        assertThat(api.as(token, "GET", "/api/v1/stores/" + theirs, null).status()).isEqualTo(404);
        assertThat(api.as(token, "GET", "/api/v1/tenants", null).errorCode()).isEqualTo("FORBIDDEN");
        RunningApi.Response created = api.as(token, "POST", "/api/v1/stores",
                "{\"name\":\"oidc-made\",\"engine\":\"woocommerce\"}");
        assertThat(created.status()).isEqualTo(202);
        String audit = api.get("/api/v1/audit?tenant=" + tenant.id()).body();
        assertThat(audit).contains("jwt:alice").contains(created.json().get("id").asText());

        String admin = sign(claims("root", "platform-admins", Instant.now().plusSeconds(300)).build());
        assertThat(api.as(admin, "GET", "/api/v1/tenants", null).status()).isEqualTo(200);
    }

    @Test
    void badTokensAreUnauthenticatedAndUnknownTenantsForbidden() throws Exception {
        Instant later = Instant.now().plusSeconds(300);
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();
        List<String> refused = List.of(
                sign(claims("bob", "oidc-team", Instant.now().minusSeconds(600)).build()),
                sign(claims("bob", "oidc-team", later).issuer("https://elsewhere.test").build()),
                sign(claims("bob", "oidc-team", later).audience("someone-else").build()),
                sign(stranger, claims("bob", "oidc-team", later).build()),
                hmac(claims("bob", "oidc-team", later).build()),
                new PlainJWT(claims("bob", "oidc-team", later).build()).serialize() + "sig",
                sign(claims(null, "oidc-team", later).build()),
                "eyJ.eyJ.sig");
        for (String token : refused) {
            RunningApi.Response response = api.as(token, "GET", "/api/v1/stores", null);
            assertThat(response.status()).as(token).isEqualTo(401);
            assertThat(response.errorCode()).isEqualTo("UNAUTHENTICATED");
        }
        RunningApi.Response unknown = api.as(sign(claims("carol", "no-such-team", later).build()), "GET",
                "/api/v1/stores", null);
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.errorCode()).isEqualTo("FORBIDDEN");
    }

    private static JWTClaimsSet.Builder claims(String subject, String tenant, Instant expires) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject).claim("tenant", tenant)
                .issueTime(new Date()).expirationTime(Date.from(expires));
    }

    private String sign(JWTClaimsSet claims) throws Exception {
        return sign(signingKey, claims);
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** A symmetric token, signed with a secret anyone could pick: must never pass. */
    private static String hmac(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("test-key").build(), claims);
        jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef"));
        return jwt.serialize();
    }
}
