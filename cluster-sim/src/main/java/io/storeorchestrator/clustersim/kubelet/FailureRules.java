package io.storeorchestrator.clustersim.kubelet;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The failure rules in force, first match wins. Tests change them at runtime, from any thread. */
public final class FailureRules {

    /** The worker's template Job: one per store, whatever its engine. */
    public static final String TEMPLATE_JOB = "store-template";

    private final List<FailureRule> rules = new CopyOnWriteArrayList<>();

    /**
     * By store name: {@code crash-*}, {@code imagepull-*} and {@code unschedulable-*} fail on the first attempt only
     * (so a retry succeeds); {@code broken-*} crashes on every attempt; {@code jobfail-*}'s Jobs (Medusa's migrations)
     * exit with an error on every attempt, so they end BackoffLimitExceeded; {@code templatefail-*}'s template Job
     * ({@code store-template}, the worker's TemplateObjects.JOB_NAME) alone does the same.
     */
    public static List<FailureRule> defaults() {
        return List.of(
                FailureRule.forStoreNamePrefix("crash-", FailureMode.CRASH_LOOP_BACK_OFF, FailureTarget.APP, true),
                FailureRule.forStoreNamePrefix("imagepull-", FailureMode.IMAGE_PULL_BACK_OFF, FailureTarget.APP, true),
                FailureRule.forStoreNamePrefix("unschedulable-", FailureMode.UNSCHEDULABLE, FailureTarget.ANY, true),
                FailureRule.forStoreNamePrefix("broken-", FailureMode.CRASH_LOOP_BACK_OFF, FailureTarget.APP, false),
                FailureRule.forStoreNamePrefix("jobfail-", FailureMode.EXIT_ERROR, FailureTarget.JOB, false),
                // Templates (issue 11)
                FailureRule.forJobOfStores(TEMPLATE_JOB, "templatefail-", FailureMode.EXIT_ERROR));
    }

    public void add(FailureRule rule) {
        rules.add(rule);
    }

    public void clear() {
        rules.clear();
    }

    public void replaceWith(List<FailureRule> replacement) {
        synchronized (rules) {
            rules.clear();
            rules.addAll(replacement);
        }
    }

    public List<FailureRule> list() {
        return List.copyOf(rules);
    }

    public Optional<FailureRule> firstMatch(PodContext pod) {
        return rules.stream().filter(rule -> rule.appliesTo(pod)).findFirst();
    }
}
