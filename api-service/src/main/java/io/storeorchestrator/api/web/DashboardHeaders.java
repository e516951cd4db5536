package io.storeorchestrator.api.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Headers for the dashboard's files (served from {@code classpath:dashboard}, see application.yml): a strict
 * Content-Security-Policy (only the dashboard's own scripts, styles and API; nothing inline, no framing), and caching
 * that suits Vite's output: the content-hashed files under /assets/ never change, so browsers keep them for a year;
 * index.html names the current ones, so it is revalidated on every load.
 */
@ServerFilter({DashboardHeaders.INDEX, "/index.html", "/favicon.svg", DashboardHeaders.ASSETS + "**"})
public class DashboardHeaders {

    static final String INDEX = "/";
    static final String ASSETS = "/assets/";

    /** The API is same-origin; the live feed is a fetch() to it, so connect-src 'self' covers it. */
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";

    @ResponseFilter
    public void secure(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("X-Frame-Options", "DENY");
        response.header("Referrer-Policy", "no-referrer");
        // An error (a missing asset) must not be cached for a year.
        boolean hashedAsset = request.getPath().startsWith(ASSETS) && response.code() == 200;
        response.getHeaders().set(HttpHeaders.CACHE_CONTROL, hashedAsset ? IMMUTABLE : REVALIDATE);
        response.getHeaders().remove(HttpHeaders.EXPIRES);
    }
}
