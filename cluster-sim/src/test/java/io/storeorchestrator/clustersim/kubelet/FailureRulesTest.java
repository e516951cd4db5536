package io.storeorchestrator.clustersim.kubelet;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FailureRulesTest {

    private final FailureRules rules = new FailureRules();

    {
        rules.replaceWith(FailureRules.defaults());
    }

    private static PodContext pod(String storeName, WorkloadKind workload, String generation) {
        return new PodContext("store-1", storeName, "pod-0", workload, generation, Map.of(), "wordpress",
                "wordpress:6.6-apache");
    }

    @Test
    void crashStoresCrashTheAppOnTheFirstAttemptOnly() {
        assertThat(rules.firstMatch(pod("crash-shop", WorkloadKind.DEPLOYMENT, "1")))
                .hasValueSatisfying(r -> assertThat(r.mode()).isEqualTo(FailureMode.CRASH_LOOP_BACK_OFF));
        assertThat(rules.firstMatch(pod("crash-shop", WorkloadKind.DEPLOYMENT, "2"))).isEmpty();
        assertThat(rules.firstMatch(pod("crash-shop", WorkloadKind.STATEFUL_SET, "1"))).as("database untouched")
                .isEmpty();
    }

    @Test
    void brokenStoresCrashOnEveryAttempt() {
        assertThat(rules.firstMatch(pod("broken-shop", WorkloadKind.DEPLOYMENT, "7")))
                .hasValueSatisfying(r -> assertThat(r.mode()).isEqualTo(FailureMode.CRASH_LOOP_BACK_OFF));
    }

    @Test
    void unschedulableHitsAnyPodAndImagePullOnlyTheApp() {
        assertThat(rules.firstMatch(pod("unschedulable-x", WorkloadKind.STATEFUL_SET, "1")))
                .hasValueSatisfying(r -> assertThat(r.mode()).isEqualTo(FailureMode.UNSCHEDULABLE));
        assertThat(rules.firstMatch(pod("imagepull-x", WorkloadKind.DEPLOYMENT, "1")))
                .hasValueSatisfying(r -> assertThat(r.mode()).isEqualTo(FailureMode.IMAGE_PULL_BACK_OFF));
        assertThat(rules.firstMatch(pod("imagepull-x", WorkloadKind.STATEFUL_SET, "1"))).isEmpty();
    }

    @Test
    void podsWithoutAGenerationAnnotationAreNotFirstAttempts() {
        assertThat(rules.firstMatch(pod("crash-shop", WorkloadKind.DEPLOYMENT, ""))).isEmpty();
        assertThat(rules.firstMatch(pod("plain-shop", WorkloadKind.DEPLOYMENT, "1"))).isEmpty();
    }

    @Test
    void aJobNamePrefixRuleFailsThoseJobsPodsOnEveryAttemptAndNothingElse() {
        rules.clear();
        rules.add(FailureRule.forJobNamePrefix("restore-abc", FailureMode.EXIT_ERROR));
        PodContext restore = new PodContext("ns", "shop", "restore-abc-g4-x7k2p", WorkloadKind.JOB, "4", Map.of(),
                "load", "mariadb:11.4");
        assertThat(rules.firstMatch(restore)).hasValueSatisfying(r -> assertThat(r.mode())
                .isEqualTo(FailureMode.EXIT_ERROR));
        assertThat(rules.firstMatch(new PodContext("ns", "shop", "restore-def-g4-x7k2p", WorkloadKind.JOB, "4",
                Map.of(), "load", "mariadb:11.4"))).isEmpty();
        assertThat(rules.firstMatch(new PodContext("ns", "shop", "restore-abc-0", WorkloadKind.STATEFUL_SET, "4",
                Map.of(), "mariadb", "mariadb:11.4"))).as("only Job pods").isEmpty();
    }

    @Test
    void rulesCanBeAddedAndCleared() {
        rules.clear();
        assertThat(rules.firstMatch(pod("crash-shop", WorkloadKind.DEPLOYMENT, "1"))).isEmpty();
        rules.add(new FailureRule("db-pull", p -> p.image().startsWith("mariadb"), FailureMode.ERR_IMAGE_PULL,
                FailureTarget.DATABASE, false));
        PodContext database = new PodContext("ns", "any", "mariadb-0", WorkloadKind.STATEFUL_SET, "3", Map.of(),
                "mariadb", "mariadb:11");
        assertThat(rules.firstMatch(database)).hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("db-pull"));
    }

    @Test
    void jobfailStoresFailTheirJobsOnEveryAttemptAndNothingElse() {
        assertThat(rules.firstMatch(pod("jobfail-shop", WorkloadKind.JOB, "4")))
                .hasValueSatisfying(r -> assertThat(r.mode()).isEqualTo(FailureMode.EXIT_ERROR));
        assertThat(rules.firstMatch(pod("jobfail-shop", WorkloadKind.DEPLOYMENT, "1"))).isEmpty();
        assertThat(rules.firstMatch(pod("crash-shop", WorkloadKind.JOB, "1"))).as("app rules spare Jobs").isEmpty();
    }

    @Test
    void templatefailStoresFailTheirTemplateJobOnEveryAttemptAndNothingElse() {
        PodContext template = new PodContext("store-1", "templatefail-shop", "store-template-x1", WorkloadKind.JOB,
                "5", Map.of(JobController.JOB_NAME_LABEL, "store-template"), "wp-cli", "wordpress:cli");
        assertThat(rules.firstMatch(template)).hasValueSatisfying(r -> {
            assertThat(r.mode()).isEqualTo(FailureMode.EXIT_ERROR);
            assertThat(r.name()).isEqualTo("templatefail-* Job store-template");
        });
        PodContext migrations = new PodContext("store-1", "templatefail-shop", "medusa-migrate-r1-x1",
                WorkloadKind.JOB, "1", Map.of(JobController.JOB_NAME_LABEL, "medusa-migrate-r1"), "migrate", "medusa");
        assertThat(rules.firstMatch(migrations)).as("the store's other Jobs run").isEmpty();
        assertThat(rules.firstMatch(pod("templatefail-shop", WorkloadKind.DEPLOYMENT, "1"))).isEmpty();
        PodContext elsewhere = new PodContext("store-2", "plain-shop", "store-template-x2", WorkloadKind.JOB, "1",
                Map.of(JobController.JOB_NAME_LABEL, "store-template"), "wp-cli", "wordpress:cli");
        assertThat(rules.firstMatch(elsewhere)).as("other stores' templates install").isEmpty();
    }

    @Test
    void aJobTargetCoversOnlyJobPodsAndAnyCoversThemToo() {
        assertThat(FailureTarget.JOB.covers(WorkloadKind.JOB)).isTrue();
        assertThat(FailureTarget.JOB.covers(WorkloadKind.DEPLOYMENT)).isFalse();
        assertThat(FailureTarget.ANY.covers(WorkloadKind.JOB)).isTrue();
        assertThat(FailureTarget.APP.covers(WorkloadKind.JOB)).isFalse();
    }
}
