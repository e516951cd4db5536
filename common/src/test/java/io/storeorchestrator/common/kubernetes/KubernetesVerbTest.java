package io.storeorchestrator.common.kubernetes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesVerbTest {

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource({
            "GET, /api/v1/namespaces, , list, namespaces",
            "GET, /api/v1/namespaces/store-1, , get, namespaces",
            "GET, /api/v1/namespaces/store-1/pods, , list, pods",
            "GET, /api/v1/namespaces/store-1/pods?labelSelector=a%3Db, , list, pods",
            "GET, /api/v1/namespaces/store-1/secrets/store-credentials, , get, secrets",
            "GET, /apis/apps/v1/namespaces/store-1/deployments/wordpress, , get, deployments",
            "GET, /apis/apps/v1/namespaces/store-1/deployments/wordpress/status, , get, deployments",
            "GET, /apis/apps/v1/deployments?labelSelector=x&watch=true&resourceVersion=5, , watch, deployments",
            "GET, /apis/apps/v1/deployments?watch=1, , watch, deployments",
            "GET, /apis/apps/v1/deployments?allowWatchBookmarks=true, , list, deployments",
            "GET, /apis/coordination.k8s.io/v1/namespaces/default/leases/reaper, , get, leases",
            "GET, /api, , get, discovery",
            "GET, /apis/apps/v1, , get, discovery",
            "GET, /version, , get, discovery",
            "POST, /api/v1/namespaces/store-1/secrets, application/json, create, secrets",
            "PUT, /apis/coordination.k8s.io/v1/namespaces/default/leases/reaper, application/json, update, leases",
            "PATCH, /apis/apps/v1/namespaces/store-1/deployments/wordpress?fieldManager=so&force=true, application/apply-patch+yaml, apply, deployments",
            "PATCH, /api/v1/namespaces/store-1, application/merge-patch+json, patch, namespaces",
            "DELETE, /api/v1/namespaces/store-1, , delete, namespaces",
            "DELETE, /api/v1/namespaces/store-1/pods, , delete, pods"})
    void theVerbIsToldFromMethodUrlAndContentType(String method, String url, String contentType, String verb,
                                                 String resource) {
        URI uri = URI.create("https://10.0.0.1:6443" + url);
        assertThat(KubernetesVerb.of(method, uri, contentType).label()).isEqualTo(verb);
        assertThat(KubernetesVerb.resource(uri.getRawPath())).isEqualTo(resource);
    }

    @ParameterizedTest
    @CsvSource({"200, success", "201, success", "404, not_found", "409, client_error", "422, client_error",
            "429, throttled", "500, server_error", "503, server_error", "0, error"})
    void outcomesFromStatus(int status, String outcome) {
        assertThat(KubernetesOutcome.of(status).label()).isEqualTo(outcome);
    }
}
