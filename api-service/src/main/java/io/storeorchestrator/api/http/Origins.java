package io.storeorchestrator.api.http;

import io.micronaut.http.HttpRequest;
import io.storeorchestrator.api.store.Origin;

import java.net.InetSocketAddress;

/** Reads who is asking from a request: the X-Actor header and the client address, both sanitised for the audit log. */
public final class Origins {

    public static final String ACTOR_HEADER = "X-Actor";
    static final String ANONYMOUS = "anonymous";
    static final int ACTOR_MAX = 128;
    static final int IP_MAX = 64;

    private Origins() {
    }

    /** @param trustForwardedFor whether an X-Forwarded-For header names the client (see ApiConfig) */
    public static Origin of(HttpRequest<?> request, boolean trustForwardedFor) {
        String forwardedFor = trustForwardedFor ? request.getHeaders().get("X-Forwarded-For") : null;
        return new Origin(actor(request.getHeaders().get(ACTOR_HEADER)), sourceIp(forwardedFor, request.getRemoteAddress()));
    }

    /** The X-Actor a caller declared (who is behind a shared key), sanitised; null when it sent none. */
    public static String declaredActor(HttpRequest<?> request) {
        String clean = sanitise(request.getHeaders().get(ACTOR_HEADER), ACTOR_MAX);
        return clean.isEmpty() ? null : clean;
    }

    /** Printable characters only, trimmed, at most 128 characters; "anonymous" when nothing is left. */
    static String actor(String header) {
        String clean = sanitise(header, ACTOR_MAX);
        return clean.isEmpty() ? ANONYMOUS : clean;
    }

    /** The first X-Forwarded-For hop (the client, as the ingress saw it), else the socket's remote address. */
    static String sourceIp(String forwardedFor, InetSocketAddress remote) {
        if (forwardedFor != null) {
            int comma = forwardedFor.indexOf(',');
            String first = sanitise(comma < 0 ? forwardedFor : forwardedFor.substring(0, comma), IP_MAX);
            if (!first.isEmpty()) {
                return first;
            }
        }
        if (remote == null) {
            return null;
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    private static String sanitise(String value, int max) {
        if (value == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder();
        value.codePoints()
                .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .forEach(clean::appendCodePoint);
        String trimmed = clean.toString().strip();
        return trimmed.codePointCount(0, trimmed.length()) <= max
                ? trimmed : trimmed.substring(0, trimmed.offsetByCodePoints(0, max));
    }
}
