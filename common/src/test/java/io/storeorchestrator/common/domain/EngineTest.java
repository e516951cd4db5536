package io.storeorchestrator.common.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EngineTest {

    @Test
    void looksEnginesUpByIdIgnoringCaseAndSpace() {
        assertThat(Engine.fromId("woocommerce")).contains(Engine.WOOCOMMERCE);
        assertThat(Engine.fromId(" WooCommerce ")).contains(Engine.WOOCOMMERCE);
        assertThat(Engine.fromId("medusa")).contains(Engine.MEDUSA);
        assertThat(Engine.fromId("magento")).isEmpty();
        assertThat(Engine.fromId(null)).isEmpty();
    }

    @Test
    void everyEngineHasADistinctIdAndAName() {
        assertThat(java.util.Arrays.stream(Engine.values()).map(Engine::id)).doesNotHaveDuplicates();
        assertThat(Engine.values()).allSatisfy(engine -> assertThat(engine.displayName()).isNotBlank());
    }
}
