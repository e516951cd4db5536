package io.storeorchestrator.clustersim.traffic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestCounterTest {

    private final RequestCounter counter = new RequestCounter();

    @Test
    void countsByVerbAndByResourceAndVerb() {
        counter.record(Verb.LIST, "pods");
        counter.record(Verb.WATCH, "pods");
        counter.record(Verb.APPLY, "deployments.apps");
        counter.record(Verb.APPLY, "deployments.apps");
        counter.record(Verb.UPDATE, "deployments.apps/status");
        counter.recordFault();

        RequestStats stats = counter.snapshot();

        assertThat(stats.total()).isEqualTo(5);
        assertThat(stats.count(Verb.APPLY)).isEqualTo(2);
        assertThat(stats.count(Verb.APPLY, "deployments.apps")).isEqualTo(2);
        assertThat(stats.count(Verb.UPDATE, "deployments.apps")).isZero();
        assertThat(stats.count(Verb.UPDATE, "deployments.apps/status")).isEqualTo(1);
        assertThat(stats.count(Verb.GET, "secrets")).isZero();
        assertThat(stats.faults()).isEqualTo(1);
    }

    @Test
    void aResetStartsFromZero() {
        counter.record(Verb.CREATE, "configmaps");
        counter.recordFault();

        counter.reset();
        counter.record(Verb.GET, "configmaps");

        RequestStats stats = counter.snapshot();
        assertThat(stats.total()).isEqualTo(1);
        assertThat(stats.byVerb()).containsOnlyKeys(Verb.GET);
        assertThat(stats.byResource().get("configmaps")).containsOnlyKeys(Verb.GET);
        assertThat(stats.faults()).isZero();
    }
}
