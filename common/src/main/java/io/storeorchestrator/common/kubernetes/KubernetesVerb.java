package io.storeorchestrator.common.kubernetes;

import java.net.URI;
import java.util.Locale;

/**
 * The Kubernetes verb of an API request, told from its method and URL as the API server's audit log tells it: a GET
 * of a collection is a {@code list}, of an object a {@code get}, with {@code watch=true} a {@code watch}; a PATCH
 * with the apply-patch content type is a server-side {@code apply}.
 */
public enum KubernetesVerb {
    GET, LIST, WATCH, CREATE, UPDATE, PATCH, APPLY, DELETE;

    static final String APPLY_PATCH = "application/apply-patch+yaml";

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The {@code verb} label value. */
    public String label() {
        return label;
    }

    public static KubernetesVerb of(String method, URI uri, String contentType) {
        return switch (method == null ? "GET" : method.toUpperCase(Locale.ROOT)) {
            case "POST" -> CREATE;
            case "PUT" -> UPDATE;
            case "PATCH" -> contentType != null && contentType.startsWith(APPLY_PATCH) ? APPLY : PATCH;
            case "DELETE" -> DELETE;
            default -> isWatch(uri) ? WATCH : namesObject(uri.getRawPath()) ? GET : LIST;
        };
    }

    private static boolean isWatch(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return false;
        }
        for (String parameter : query.split("&")) {
            if (parameter.equals("watch=true") || parameter.equals("watch=1")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the path names one object (or a subresource of one) rather than a collection:
     * {@code /api/v1/namespaces/x} and {@code /apis/apps/v1/namespaces/x/deployments/y} do,
     * {@code /api/v1/namespaces} and {@code /apis/apps/v1/namespaces/x/deployments} do not. Anything else (discovery,
     * {@code /version}) counts as a get.
     */
    static boolean namesObject(String path) {
        String[] all = path == null ? new String[0] : path.replaceAll("^/+|/+$", "").split("/+");
        int resourceAt;
        if (all.length >= 2 && all[0].equals("api")) {
            resourceAt = 2;                              // api/v1/<resource>...
        } else if (all.length >= 3 && all[0].equals("apis")) {
            resourceAt = 3;                              // apis/<group>/<version>/<resource>...
        } else {
            return true;
        }
        int left = all.length - resourceAt;              // segments after the version
        if (left <= 0) {
            return true;                                 // discovery of a group version
        }
        if (all[resourceAt].equals("namespaces") && left >= 3) {
            return left >= 4;                            // namespaces/<ns>/<resource>[/<name>...]
        }
        return left >= 2;                                // <resource>[/<name>...]
    }

    /** The resource (plural) a request is about, for span names: {@code deployments}, {@code namespaces}. */
    static String resource(String path) {
        String[] all = path == null ? new String[0] : path.replaceAll("^/+|/+$", "").split("/+");
        int at = all.length >= 2 && all[0].equals("api") ? 2 : all.length >= 3 && all[0].equals("apis") ? 3 : -1;
        if (at < 0 || at >= all.length) {
            return "discovery";
        }
        if (all[at].equals("namespaces") && all.length - at >= 3) {
            return all[at + 2];
        }
        return all[at];
    }
}
