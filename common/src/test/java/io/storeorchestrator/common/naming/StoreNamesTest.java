package io.storeorchestrator.common.naming;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StoreNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "my-shop", "shop1", "a-b-c", "abcdefghijklmnopqrstuvwxyz1234"})
    void acceptsDnsLabelsOfThreeToThirtyCharacters(String name) {
        assertThat(StoreNames.problemWith(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ab", "abcdefghijklmnopqrstuvwxyz12345", "My-Shop", "-shop", "shop-", "1shop",
            "my_shop", "my.shop", "shöp", "my shop", "api", "www"})
    void refusesEverythingElseWithAReason(String name) {
        assertThat(StoreNames.problemWith(name)).isPresent();
        assertThat(StoreNames.isValid(name)).isFalse();
    }

    @Test
    void refusesNull() {
        assertThat(StoreNames.problemWith(null)).contains("name is required");
    }

    @Test
    void derivesTheNamespaceFromTheIdNotTheName() {
        UUID id = UUID.fromString("0b5f3c1e-8d0a-4d8e-9a53-0c3b5a0e7f11");
        String namespace = StoreNames.namespaceFor(id);
        assertThat(namespace).isEqualTo("store-0b5f3c1e-8d0a-4d8e-9a53-0c3b5a0e7f11");
        assertThat(namespace.length()).isLessThanOrEqualTo(63);
        assertThat(StoreNames.hostFor("my-shop", "stores.example.com")).isEqualTo("my-shop.stores.example.com");
    }

    @Test
    void labelsNameTheStoreAndThePlatform() {
        UUID id = UUID.randomUUID();
        assertThat(StoreLabels.forStore(id, "my-shop", "woocommerce"))
                .containsEntry(StoreLabels.MANAGED_BY, StoreLabels.PLATFORM)
                .containsEntry(StoreLabels.STORE_ID, id.toString())
                .containsEntry(StoreLabels.STORE_NAME, "my-shop")
                .containsEntry(StoreLabels.ENGINE, "woocommerce");
    }
}
