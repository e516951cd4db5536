package io.storeorchestrator.api.tenant;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.store.Ttl;
import io.storeorchestrator.common.catalog.StoreCatalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /api/v1/tenants} body: {@code {"name","maxStores","allowedPlans","requestsPerMinute",
 * "createsPerMinute","defaultTtl"}}, the last four optional ({@code defaultTtl}: a Go duration, bounded like a store's
 * {@code ttl}). Parsed by hand so every mistake is a 400 with a message.
 */
public final class TenantRequest {

    /** A DNS label: the tenant may become a label value and a host part one day. */
    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    static final int MAX_LIMIT = 1_000_000;

    private TenantRequest() {
    }

    public static TenantLimits parse(@Nullable String body, ObjectReader json, StoreCatalog catalog) {
        if (body == null || body.isBlank()) {
            throw ApiException.validation("A JSON body with 'name' and 'maxStores' is required");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(ErrorCode.INVALID_JSON, "Request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.validation("The body must be a JSON object with 'name' and 'maxStores'");
        }
        JsonNode name = root.get("name");
        if (name == null || !name.isTextual() || !NAME.matcher(name.textValue()).matches()) {
            throw ApiException.validation("'name' must be 1 to 63 lowercase letters, digits or '-', starting and "
                    + "ending with a letter or digit");
        }
        Integer maxStores = integer(root, "maxStores", 0);
        if (maxStores == null) {
            throw ApiException.validation("'maxStores' is required");
        }
        return new TenantLimits(name.textValue(), maxStores, plans(root.get("allowedPlans"), catalog),
                integer(root, "requestsPerMinute", 1), integer(root, "createsPerMinute", 1), defaultTtl(root));
    }

    private static @Nullable Duration defaultTtl(JsonNode root) {
        JsonNode value = root.get("defaultTtl");
        if (value == null || value.isNull()) {
            return null;
        }
        Duration ttl = value.isTextual() ? Ttl.parse(value.textValue()).orElse(null) : null;
        if (ttl == null) {
            throw new ApiException(ErrorCode.INVALID_EXPIRY, "'defaultTtl' must be a duration such as \"720h\"");
        }
        Ttl.problemWith(ttl).ifPresent(problem -> {
            throw new ApiException(ErrorCode.INVALID_EXPIRY, "'defaultTtl' " + problem);
        });
        return ttl;
    }

    private static @Nullable Integer integer(JsonNode root, String field, int min) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min
                || value.intValue() > MAX_LIMIT) {
            throw ApiException.validation("'" + field + "' must be an integer from " + min + " to " + MAX_LIMIT);
        }
        return value.intValue();
    }

    /** Null (every plan) when absent; otherwise plans of the catalog, each once. */
    private static @Nullable List<String> plans(@Nullable JsonNode value, StoreCatalog catalog) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw ApiException.validation("'allowedPlans' must be an array of plan names");
        }
        LinkedHashSet<String> plans = new LinkedHashSet<>();
        for (JsonNode plan : value) {
            if (!plan.isTextual() || catalog.plan(plan.textValue()).isEmpty()) {
                throw ApiException.validation("'allowedPlans' may only name plans of the catalog: "
                        + catalog.planIds());
            }
            plans.add(plan.textValue());
        }
        return new ArrayList<>(plans);
    }
}
