package io.storeorchestrator.api.http;

import io.storeorchestrator.api.support.ApiFixtureTest;
import io.storeorchestrator.api.support.RunningApi;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.storeorchestrator.api.http.StoreApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a client sends, the answer is a 4xx with the standard error body, never a 500. */
class ErrorHandlingIT extends ApiFixtureTest {

    @Test
    void frameworkErrorsUseTheStandardBody() {
        assertError(api.get("/nope"), 404, "NOT_FOUND");
        assertError(api.get("/api/v1/unknown/route"), 404, "NOT_FOUND");
        assertError(api.send("PUT", "/api/v1/stores", "application/json", "{}", Map.of()), 405, "METHOD_NOT_ALLOWED");
        assertError(api.send("PATCH", "/api/v1/audit", "application/json", "{}", Map.of()), 405, "METHOD_NOT_ALLOWED");
        assertError(api.send("POST", "/api/v1/stores", "text/plain", "name=shop", Map.of()), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(api.send("POST", "/api/v1/stores", "application/x-www-form-urlencoded", "name=shop&engine=x",
                Map.of()), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(api.send("POST", "/api/v1/stores", "application/json", null, Map.of()), 400, "VALIDATION_FAILED");
        assertError(api.send("PATCH", "/api/v1/stores", "application/json", "{}", Map.of()), 405, "METHOD_NOT_ALLOWED");
        assertError(api.send("POST", "/api/v1/engines", "application/json", "{}", Map.of()), 405, "METHOD_NOT_ALLOWED");
        assertError(api.send("DELETE", "/api/v1/plans", null, null, Map.of()), 405, "METHOD_NOT_ALLOWED");
        assertError(api.send("GET", "/api/v1/stores/zzz/rollback", null, null, Map.of()), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void updateAndRollbackBodiesAreClientErrorsWhateverTheyHold() {
        String id = fixture.createStore("odd-inputs").get("id").asText();
        String store = "/api/v1/stores/" + id;
        assertError(api.send("POST", store + "/rollback", "text/plain", "revision=1", Map.of()), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertError(api.postJson(store + "/rollback", "{\"revision\":" + "9".repeat(100_000) + "}"), 413,
                "PAYLOAD_TOO_LARGE");
        assertError(api.postJson(store + "/rollback", "{\"revision\":" + "9".repeat(500) + "}"), 400,
                "VALIDATION_FAILED");
        assertError(api.postJson(store + "/rollback", "{\"revision\":1e2}"), 400, "VALIDATION_FAILED");
        assertError(api.postJson(store + "/rollback", "\u0000\u0001\u0002"), 400, "INVALID_JSON");
        assertError(api.postJson(store + "/rollback", "{".repeat(5_000)), 400, "INVALID_JSON");
        assertError(api.patchJson(store, "[".repeat(5_000) + "]".repeat(5_000)), 400, "INVALID_JSON");
        assertError(api.patchJson(store, "{\"plan\":\"small\",\"plan\":7}"), 400, "VALIDATION_FAILED");
        assertError(api.patchJson(store, "{\"version\":{\"$gt\":\"\"}}"), 400, "VALIDATION_FAILED");
        // A raw control character inside a JSON string is not JSON; escaped, it is a version nobody offers.
        assertError(api.patchJson(store, "{\"version\":\"6.5\u0000\"}"), 400, "INVALID_JSON");
        assertError(api.patchJson(store, "{\"version\":\"6.5\\u0000\"}"), 409, "INVALID_STATE_TRANSITION");
        assertError(api.patchJson(store + "%00", "{\"version\":\"6.5\"}"), 404, "NOT_FOUND");
    }

    @Test
    void hugeAndOddInputsAreClientErrors() {
        assertError(api.postJson("/api/v1/stores", "{\"name\":\"" + "a".repeat(200_000) + "\"}"), 413, "PAYLOAD_TOO_LARGE");
        assertError(api.postJson("/api/v1/stores", "{\"name\":\"" + "a".repeat(10_000) + "\",\"engine\":\"woocommerce\"}"),
                400, "INVALID_STORE_NAME");
        assertError(api.postJson("/api/v1/stores", "[".repeat(5_000) + "]".repeat(5_000)), 400, "INVALID_JSON");
        assertError(api.postJson("/api/v1/stores", "{\"name\":\"shop\\u0000x\",\"engine\":\"woocommerce\"}"), 400,
                "INVALID_STORE_NAME");
        assertError(api.postJson("/api/v1/stores", "{\"name\":\"mağaza\",\"engine\":\"woocommerce\"}"), 400,
                "INVALID_STORE_NAME");
        assertError(api.postJson("/api/v1/stores", "{\"name\":\"shop-z\",\"engine\":\"" + "x".repeat(5000) + "\"}"), 400,
                "INVALID_ENGINE");
        assertError(api.postJson("/api/v1/stores", "\u00ff\u00fe garbage"), 400, "INVALID_JSON");
        assertError(api.postJson("/api/v1/stores", "{\"name\":\"shop-y\",\"engine\":\"woocommerce\",\"name\":1}"), 400,
                "VALIDATION_FAILED");
        assertError(api.get("/api/v1/stores?limit=1e3"), 400, "VALIDATION_FAILED");
        assertError(api.get("/api/v1/stores/%E2%82%AC"), 404, "NOT_FOUND");
        assertError(api.get("/api/v1/stores/..%2F..%2Fetc"), 404, "NOT_FOUND");
        assertError(api.send("POST", "/api/v1/stores/zzz/retry", "application/json", "{garbage", Map.of()), 404,
                "NOT_FOUND");

        RunningApi.Response longActor = api.send("POST", "/api/v1/stores", "application/json",
                "{\"name\":\"long-actor\",\"engine\":\"woocommerce\"}", Map.of("X-Actor", "b".repeat(5000),
                        "X-Forwarded-For", "x".repeat(500)));
        assertThat(longActor.status()).isEqualTo(202);
    }

    @Test
    void headRequestsAndUnknownAcceptHeadersDoNotBreak() {
        RunningApi.Response head = api.send("HEAD", "/api/v1/stores/nope", null, null, Map.of());
        assertThat(head.status()).isEqualTo(404);
        RunningApi.Response xml = api.send("GET", "/api/v1/stores", null, null, Map.of("Accept", "application/xml"));
        assertThat(xml.status()).isBetween(200, 499);
    }
}
