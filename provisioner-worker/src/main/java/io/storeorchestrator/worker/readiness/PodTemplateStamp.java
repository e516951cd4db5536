package io.storeorchestrator.worker.readiness;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.model.StoreSpec;

import java.util.Map;
import java.util.Optional;

/**
 * The generation and revision stamped on a store's pod templates, and so on their pods: which attempt a pod belongs
 * to. An automatic rollback keeps the generation of the update it undoes, so both are needed to tell their pods apart.
 *
 * @param generation the store generation applied
 * @param revision   the store revision applied
 */
public record PodTemplateStamp(long generation, int revision) {

    /** The stamp of what {@code store} applies. */
    public static PodTemplateStamp of(StoreSpec store) {
        return new PodTemplateStamp(store.generation(), store.revision());
    }

    /**
     * Whether an object (a pod, a template) carries this stamp. One without a revision was stamped before revisions
     * existed and matches on its generation alone; one without any stamp is not the platform's.
     */
    public boolean stamps(HasMetadata object) {
        return object.getMetadata() != null && matches(object.getMetadata().getAnnotations());
    }

    boolean matches(Map<String, String> annotations) {
        if (annotations == null || !Long.toString(generation).equals(annotations.get(StoreLabels.GENERATION))) {
            return false;
        }
        String stamped = annotations.get(StoreLabels.REVISION);
        return stamped == null || Integer.toString(revision).equals(stamped);
    }

    /** The stamp on a workload's pod template, when it carries a complete one. */
    public static Optional<PodTemplateStamp> onTemplate(PodTemplateSpec template) {
        if (template == null || template.getMetadata() == null || template.getMetadata().getAnnotations() == null) {
            return Optional.empty();
        }
        Map<String, String> annotations = template.getMetadata().getAnnotations();
        try {
            String generation = annotations.get(StoreLabels.GENERATION);
            String revision = annotations.get(StoreLabels.REVISION);
            return generation == null || revision == null ? Optional.empty()
                    : Optional.of(new PodTemplateStamp(Long.parseLong(generation), Integer.parseInt(revision)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // edited by hand: not a stamp the checks can reason about
        }
    }

    /**
     * Whether a workload's pod template is at this stamp, so its rollout status speaks about this attempt's pods. A
     * template with no generation stamp at all was not made by the platform's builders (a hand-made test object): its
     * status is taken as it is.
     */
    public boolean isOn(PodTemplateSpec template) {
        Map<String, String> annotations = template == null || template.getMetadata() == null
                ? null : template.getMetadata().getAnnotations();
        if (annotations == null || !annotations.containsKey(StoreLabels.GENERATION)) {
            return true;
        }
        return matches(annotations);
    }

    /**
     * Whether a template stamped {@code other} was applied by another attempt of this generation since this one: a
     * rollback (same generation, the revision it restores) replaced the update this stamp is of.
     */
    public boolean replacedBy(PodTemplateStamp other) {
        return other.generation == generation && other.revision != revision;
    }

    @Override
    public String toString() {
        return "revision " + revision + " (generation " + generation + ")";
    }
}
