package io.storeorchestrator.clustersim.http;

import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as the router sees it: method, decoded path segments, query parameters, headers and body.
 *
 * @param webSocket whether the client asks to upgrade the connection to a WebSocket (Fabric8's watches do)
 */
record ApiRequest(String method, String path, List<String> segments, Map<String, String> query, String accept,
                  String contentType, boolean webSocket, String body) {

    static ApiRequest from(RecordedRequest request) {
        String target = request.getPath() == null ? "/" : request.getPath();
        int queryStart = target.indexOf('?');
        String path = queryStart < 0 ? target : target.substring(0, queryStart);
        Map<String, String> query = new HashMap<>();
        if (queryStart >= 0) {
            for (String pair : target.substring(queryStart + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String key = decode(equals < 0 ? pair : pair.substring(0, equals));
                query.put(key, equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).map(ApiRequest::decode)
                .toList();
        return new ApiRequest(request.getMethod().toUpperCase(Locale.ROOT), path, segments, query,
                headerOrEmpty(request, "Accept"), headerOrEmpty(request, "Content-Type"),
                headerOrEmpty(request, "Upgrade").equalsIgnoreCase("websocket"), request.getUtf8Body());
    }

    String param(String name) {
        return query.getOrDefault(name, "");
    }

    boolean flag(String name) {
        String value = query.get(name);
        return value != null && (value.isEmpty() || value.equals("true") || value.equals("1"));
    }

    /** Whether the request is a server-side apply (a PATCH of type {@code application/apply-patch+yaml}). */
    boolean isApply() {
        return contentType.toLowerCase(Locale.ROOT).startsWith("application/apply-patch");
    }

    int intParam(String name) {
        String value = param(name);
        try {
            return value.isEmpty() ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + name + ": " + value, e);
        }
    }

    /** kubectl asks for server-side printing with {@code Accept: application/json;as=Table;...}. */
    boolean wantsTable() {
        return accept.contains("as=Table");
    }

    boolean hasBody() {
        return body != null && !body.isBlank();
    }

    private static String headerOrEmpty(RecordedRequest request, String name) {
        String value = request.getHeader(name);
        return value == null ? "" : value;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
