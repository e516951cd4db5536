package io.storeorchestrator.api.http;

import io.micronaut.http.HttpMethod;
import io.micronaut.web.router.Router;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.support.ApiFixtureTest;
import io.storeorchestrator.api.support.RunningApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI spec generated at build time against the running API, so neither can drift from the other: every route
 * the router knows under /api is in the spec with the same method and path and nothing else is; the error codes are
 * {@link ErrorCode}'s; every operation documents its 401 (and every POST and PATCH its 400) with the error body; the
 * spec and the UI are served without a key, and so is everything the UI page loads.
 */
class OpenApiContractIT extends ApiFixtureTest {

    static final String SPEC = "META-INF/swagger/openapi.yml";
    static final String ERROR_BODY = "#/components/schemas/ErrorBody";
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private String specText;
    private Map<String, Object> spec;

    @BeforeAll
    void readSpec() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(SPEC)) {
            assertThat(in).as(SPEC + " on the classpath (the OpenAPI processor writes it at compile time)")
                    .isNotNull();
            specText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        spec = new Yaml().load(specText);
    }

    @Test
    void everyApiRouteIsInTheSpecAndNothingElse() {
        Set<String> routed = api.bean(Router.class).uriRoutes()
                .filter(route -> route.getUriMatchTemplate().toString().startsWith("/api/"))
                // Micronaut answers HEAD wherever there is a GET (@Get's headRoute): not an operation of its own.
                .filter(route -> route.getHttpMethod() != HttpMethod.HEAD)
                .map(route -> route.getHttpMethodName() + " " + route.getUriMatchTemplate())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        operations().forEach(op -> {
            if (op.path().startsWith("/api/")) {
                documented.add(op.method().toUpperCase() + " " + op.path());
            }
        });
        assertThat(routed).as("routes under /api").isNotEmpty().contains("POST /api/v1/stores");
        assertThat(documented).as("the spec's operations under /api against the router's routes")
                .containsExactlyInAnyOrderElementsOf(routed);
    }

    @Test
    void theErrorCodesAreErrorCodeValues() {
        Map<String, Object> schemas = map(map(spec.get("components")).get("schemas"));
        List<Object> codes = new ArrayList<>((List<?>) map(schemas.get("ErrorCode")).get("enum"));
        assertThat(codes).containsExactlyElementsOf(Arrays.stream(ErrorCode.values()).map(c -> (Object) c.name())
                .toList());

        Map<String, Object> body = map(map(map(schemas.get("ErrorBody")).get("properties")).get("error"));
        String detailName = ((String) body.get("$ref")).substring("#/components/schemas/".length());
        Map<String, Object> detail = map(schemas.get(detailName));
        assertThat(map(detail.get("properties")).keySet()).containsExactlyInAnyOrder("code", "message");
        assertThat(map(map(detail.get("properties")).get("code")).toString())
                .contains("#/components/schemas/ErrorCode");
    }

    @Test
    void everyOperationDocumentsItsErrorsWithTheErrorBody() {
        List<String> problems = new ArrayList<>();
        for (Operation op : operations()) {
            if (!op.path().startsWith("/api/")) {
                assertThat(op.body().get("security")).as(op + " needs no key").isNull();
                continue;
            }
            Map<String, Object> responses = map(op.body().get("responses"));
            if (!responses.containsKey("401")) {
                problems.add(op + ": no 401");
            }
            if (Set.of("post", "patch").contains(op.method()) && !responses.containsKey("400")) {
                problems.add(op + ": no 400");
            }
            if (!String.valueOf(op.body().get("security")).contains("bearer")) {
                problems.add(op + ": no bearer security requirement");
            }
            if (responses.keySet().stream().noneMatch(status -> status.startsWith("2"))) {
                problems.add(op + ": no success response");
            }
            responses.forEach((status, response) -> {
                if (status.startsWith("4") && !String.valueOf(response).contains(ERROR_BODY)) {
                    problems.add(op + ": " + status + " without the error body");
                }
                String description = String.valueOf(map(response).get("description"));
                boolean namesACode = Arrays.stream(ErrorCode.values()).anyMatch(c -> description.contains(c.name()));
                if (status.startsWith("4") && !namesACode) {
                    problems.add(op + ": " + status + " names no error code: " + description);
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theSpecAndTheUiAreServedWithoutAKeyWithEverythingThePageLoads() {
        RunningApi.Response served = api.as(null, "GET", "/openapi.yml", null);
        assertThat(served.status()).as(served.toString()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(specText);

        RunningApi.Response page = api.as(null, "GET", "/api-docs", null);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        Set<String> assets = assets(page.body());
        assertThat(assets).as("what the page loads").anyMatch(a -> a.endsWith("swagger-ui-bundle.js"))
                .anyMatch(a -> a.endsWith(".css")).contains("/openapi.yml");
        for (String asset : assets) {
            assertThat(asset).as("loaded from this server, never another host").startsWith("/").doesNotStartWith("//");
            RunningApi.Response loaded = api.as(null, "GET", asset, null);
            assertThat(loaded.status()).as(asset).isEqualTo(200);
            assertThat(loaded.body()).as(asset).isNotEmpty();
        }
        assertThat(page.body()).doesNotContainIgnoringCase("cdn").doesNotContainIgnoringCase("unpkg")
                .doesNotContain("https://").doesNotContain("http://");
    }

    /**
     * The URLs the page loads: its src and href attributes, and the paths its script adds to the context path
     * (Swagger UI's generated page creates its script and link elements that way).
     */
    static Set<String> assets(String html) {
        Set<String> found = new LinkedHashSet<>();
        Matcher attributes = Pattern.compile("(?:src|href)\\s*=\\s*[\"']([^\"']+)[\"']").matcher(html);
        while (attributes.find()) {
            found.add(attributes.group(1));
        }
        Matcher scripted = Pattern.compile("contextPath\\s*\\+\\s*[\"']([^\"']+)[\"']").matcher(html);
        while (scripted.find()) {
            found.add(scripted.group(1));
        }
        return found;
    }

    record Operation(String method, String path, Map<String, Object> body) {
        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        map(spec.get("paths")).forEach((path, item) -> map(item).forEach((method, op) -> {
            if (METHODS.contains(method)) {
                operations.add(new Operation(method, path, map(op)));
            }
        }));
        return operations;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        if (!(node instanceof Map)) {
            throw new UncheckedIOException(new IOException("not a mapping in the spec: " + node));
        }
        return (Map<String, Object>) node;
    }
}
