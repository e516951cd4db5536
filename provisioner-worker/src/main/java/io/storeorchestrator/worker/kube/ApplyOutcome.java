package io.storeorchestrator.worker.kube;

import java.util.Locale;

/**
 * What applying one desired object did, as recorded in the store's timeline.
 *
 * @param kind   the object's kind ({@code Deployment})
 * @param name   the object's name
 * @param result what changed
 */
public record ApplyOutcome(String kind, String name, Result result) {

    public enum Result {
        /** The object did not exist and was created. */
        CREATED,
        /** The object existed and the apply changed it (its resourceVersion moved). */
        UPDATED,
        /** The object already matched: nothing was written. */
        UNCHANGED,
        /** The object was spent (a Job that failed in an earlier attempt) and was deleted and created anew. */
        REPLACED,
        /** The object was deleted. */
        DELETED,
        /** The object to delete was already gone. */
        ABSENT
    }

    /** {@code "Deployment wordpress created"}: the wording of STEP events. */
    public String describe() {
        return kind + " " + name + " " + result.name().toLowerCase(Locale.ROOT);
    }
}
