package io.storeorchestrator.clustersim.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.storeorchestrator.clustersim.api.ApiException;
import io.storeorchestrator.clustersim.store.Json;
import io.storeorchestrator.clustersim.traffic.RequestCounter;
import io.storeorchestrator.clustersim.traffic.RequestStats;
import io.storeorchestrator.clustersim.traffic.Verb;

import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's own endpoints, for tools that run it as a separate process (benchmarks):
 * {@code GET /sim/stats} answers the request counters as JSON, {@code DELETE /sim/stats} answers them and starts
 * counting from zero.
 */
final class SimEndpoints {

    private static final String STATS = "/sim/stats";

    private final RequestCounter counter;

    SimEndpoints(RequestCounter counter) {
        this.counter = counter;
    }

    static boolean handles(String target) {
        return target != null && (target.equals("/sim") || target.startsWith("/sim/") || target.startsWith("/sim?"));
    }

    MockResponse handle(ApiRequest request) {
        if (!request.path().equals(STATS)) {
            throw ApiException.pathNotFound(request.path());
        }
        return switch (request.method()) {
            case "GET" -> Responses.json(200, toJson(counter.snapshot()));
            case "DELETE" -> {
                RequestStats stats = counter.snapshot();
                counter.reset();
                yield Responses.json(200, toJson(stats));
            }
            default -> throw ApiException.methodNotAllowed(request.method(), request.path());
        };
    }

    /**
     * {@code {"total": 12, "faults": 1, "verbs": {"get": 3, "list": 2, …}, "resources": {"pods": {"list": 1, …}}}}:
     * every verb under {@code verbs}, only the requests made under {@code resources}.
     */
    static ObjectNode toJson(RequestStats stats) {
        ObjectNode json = Json.object();
        json.put("total", stats.total());
        json.put("faults", stats.faults());
        ObjectNode verbs = json.putObject("verbs");
        for (Verb verb : Verb.values()) {
            verbs.put(verb.apiName(), stats.count(verb));
        }
        ObjectNode resources = json.putObject("resources");
        for (Map.Entry<String, Map<Verb, Long>> resource : new TreeMap<>(stats.byResource()).entrySet()) {
            ObjectNode counts = resources.putObject(resource.getKey());
            new TreeMap<>(resource.getValue()).forEach((verb, count) -> counts.put(verb.apiName(), count));
        }
        return json;
    }
}
