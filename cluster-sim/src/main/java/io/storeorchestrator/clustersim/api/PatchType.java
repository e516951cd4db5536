package io.storeorchestrator.clustersim.api;

import java.util.Locale;

/** The patch flavours a PATCH request can carry, told apart by its Content-Type. */
public enum PatchType {
    /** Server-side apply ({@code application/apply-patch+yaml}): create if absent, else merge. */
    APPLY,
    /** RFC 7386 JSON merge patch. Strategic merge patches are treated as merge patches. */
    MERGE,
    /** RFC 6902 JSON patch. */
    JSON_PATCH;

    /** @throws ApiException 415 for any other media type */
    public static PatchType fromContentType(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/apply-patch")) {
            return APPLY;
        }
        if (type.startsWith("application/merge-patch+json") || type.startsWith("application/strategic-merge-patch+json")) {
            return MERGE;
        }
        if (type.startsWith("application/json-patch+json")) {
            return JSON_PATCH;
        }
        throw ApiException.unsupportedMediaType(contentType);
    }
}
