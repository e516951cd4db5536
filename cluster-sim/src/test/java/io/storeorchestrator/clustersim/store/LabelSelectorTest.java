package io.storeorchestrator.clustersim.store;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelSelectorTest {

    private static final Map<String, String> STORE = Map.of(
            "app.kubernetes.io/managed-by", "store-orchestrator",
            "app.kubernetes.io/component", "app",
            "tier", "gold");

    @Test
    void equalityForms() {
        assertThat(LabelSelector.parse("app.kubernetes.io/managed-by=store-orchestrator").matches(STORE)).isTrue();
        assertThat(LabelSelector.parse("tier==gold").matches(STORE)).isTrue();
        assertThat(LabelSelector.parse("tier=silver").matches(STORE)).isFalse();
        assertThat(LabelSelector.parse("tier!=silver").matches(STORE)).isTrue();
        assertThat(LabelSelector.parse("tier!=gold").matches(STORE)).isFalse();
    }

    @Test
    void notEqualsMatchesObjectsWithoutTheLabel() {
        assertThat(LabelSelector.parse("missing!=x").matches(STORE)).isTrue();
        assertThat(LabelSelector.parse("missing notin (x)").matches(STORE)).isTrue();
    }

    @Test
    void setForms() {
        assertThat(LabelSelector.parse("tier in (gold, silver)").matches(STORE)).isTrue();
        assertThat(LabelSelector.parse("tier in (silver,bronze)").matches(STORE)).isFalse();
        assertThat(LabelSelector.parse("tier notin (silver,bronze)").matches(STORE)).isTrue();
        assertThat(LabelSelector.parse("tier notin (gold)").matches(STORE)).isFalse();
    }

    @Test
    void existenceForms() {
        assertThat(LabelSelector.parse("tier").matches(STORE)).isTrue();
        assertThat(LabelSelector.parse("missing").matches(STORE)).isFalse();
        assertThat(LabelSelector.parse("!missing").matches(STORE)).isTrue();
        assertThat(LabelSelector.parse("!tier").matches(STORE)).isFalse();
    }

    @Test
    void requirementsAreAndedAndCommasInsideSetsDoNotSplit() {
        LabelSelector selector = LabelSelector.parse("tier in (gold,silver),app.kubernetes.io/component=app,!missing");
        assertThat(selector.requirements()).hasSize(3);
        assertThat(selector.matches(STORE)).isTrue();
        assertThat(LabelSelector.parse("tier in (gold,silver),app.kubernetes.io/component=db").matches(STORE))
                .isFalse();
    }

    @Test
    void emptySelectorMatchesEverything() {
        assertThat(LabelSelector.parse("").isEverything()).isTrue();
        assertThat(LabelSelector.parse(null).matches(Map.of())).isTrue();
    }

    @Test
    void rejectsBrokenSyntax() {
        assertThatThrownBy(() -> LabelSelector.parse("tier in (gold")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelSelector.parse("a=b,,c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelSelector.parse("=x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldSelectorReadsDottedPaths() {
        var object = Json.object();
        object.putObject("metadata").put("name", "web").put("namespace", "shop");
        object.putObject("status").put("phase", "Running");
        assertThat(FieldSelector.parse("metadata.name=web,metadata.namespace==shop").matches(object)).isTrue();
        assertThat(FieldSelector.parse("status.phase!=Running").matches(object)).isFalse();
        assertThat(FieldSelector.parse("metadata.name=web").required("metadata.name")).contains("web");
    }
}
