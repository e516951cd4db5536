package io.storeorchestrator.api.web;

import io.storeorchestrator.api.support.ApiFixtureTest;
import io.storeorchestrator.api.support.RunningApi;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as the API serves it from its classpath: index.html at "/", hashed assets with long cache headers, a
 * Content-Security-Policy that allows no inline script, and every API route still answering as before.
 */
class DashboardServingIT extends ApiFixtureTest {

    private static final Pattern SCRIPT = Pattern.compile("<script type=\"module\" crossorigin src=\"(/assets/[^\"]+\\.js)\"");

    @Test
    void theIndexIsServedAtTheRootWithAStrictPolicyAndNoCaching() {
        RunningApi.Response index = anonymous("/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Content-Type")).startsWith("text/html");
        assertThat(index.body()).contains("<div id=\"app\"></div>").doesNotContain("<script>");
        assertThat(index.header("Content-Security-Policy"))
                .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(index.header("Cache-Control")).isEqualTo(DashboardHeaders.REVALIDATE);
        assertThat(index.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(anonymous("/index.html").body()).isEqualTo(index.body());
    }

    @Test
    void hashedAssetsAreCachedForAYearAndMissingOnesAreNot() {
        Matcher script = SCRIPT.matcher(anonymous("/").body());
        assertThat(script.find()).as("index.html names its script").isTrue();
        RunningApi.Response asset = anonymous(script.group(1));
        assertThat(asset.status()).isEqualTo(200);
        assertThat(asset.header("Content-Type")).contains("javascript");
        assertThat(asset.header("Cache-Control")).isEqualTo(DashboardHeaders.IMMUTABLE);
        assertThat(asset.body()).doesNotContain("so_test-admin");

        RunningApi.Response missing = anonymous("/assets/nothing-here.js");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Cache-Control")).isNotEqualTo(DashboardHeaders.IMMUTABLE);
    }

    @Test
    void theApiAndHealthRoutesAreNotShadowed() {
        assertError(anonymous("/api/v1/stores"), 401, "UNAUTHENTICATED");
        assertThat(api.get("/api/v1/stores").status()).isEqualTo(200);
        assertError(api.get("/api/v1/no-such-route"), 404, "NOT_FOUND");
        assertError(anonymous("/no-such-page"), 404, "NOT_FOUND");
        assertThat(anonymous("/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous("/api/v1/stores").header("Content-Security-Policy")).isNull();
    }

    private static void assertError(RunningApi.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.toString()).isEqualTo(code);
    }

    private RunningApi.Response anonymous(String path) {
        return api.send("GET", path, null, null, Map.of("Authorization", RunningApi.NO_CREDENTIAL));
    }
}
