package io.storeorchestrator.api.tenant;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.common.catalog.StoreCatalog;

/**
 * The plan a create body asks for, as the tenant quota checks it: its {@code plan} text, or the catalog's default
 * plan when it names none. Read from the raw body on its own, so it stays right whatever else the body holds;
 * whether the plan exists is the create request's validation, not this.
 */
public final class RequestedPlan {

    private RequestedPlan() {
    }

    public static String of(@Nullable String body, ObjectReader json, StoreCatalog catalog) {
        if (body != null) {
            try {
                JsonNode plan = json.readTree(body).path("plan");
                if (plan.isTextual()) {
                    return plan.textValue();
                }
            } catch (JacksonException | RuntimeException e) {
                // not JSON: the create request's parser reports it
            }
        }
        return catalog.defaultPlan();
    }
}
