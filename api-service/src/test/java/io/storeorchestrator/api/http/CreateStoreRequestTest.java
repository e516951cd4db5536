package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.storeorchestrator.common.domain.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreateStoreRequestTest {

    private final ObjectReader json = CreateStoreRequest.reader(new ObjectMapper());
    private final StoreCatalog catalog = StoreCatalogLoader.defaults();

    @Test
    void aValidBodyParsesAndIgnoresUnknownFields() {
        CreateStoreRequest request = CreateStoreRequest.parse(
                "{\"name\":\"my-shop\",\"engine\":\" WooCommerce \",\"tier\":{\"x\":1}}", json, catalog);
        assertThat(request).isEqualTo(new CreateStoreRequest("my-shop", Engine.WOOCOMMERCE,
                catalog.choose(Engine.WOOCOMMERCE, null, null), null));
    }

    @Test
    void planAndVersionDefaultToTheCatalogsAndAreResolvedByIt() {
        CreateStoreRequest defaults = CreateStoreRequest.parse("{\"name\":\"shop\",\"engine\":\"medusa\",\"plan\":null}",
                json, catalog);
        assertThat(defaults.choice().plan().id()).isEqualTo("small");
        assertThat(defaults.choice().version().version()).isEqualTo("2.8");

        CreateStoreRequest chosen = CreateStoreRequest.parse(
                "{\"name\":\"shop\",\"engine\":\"woocommerce\",\"plan\":\"large\",\"version\":\"6.5\"}", json, catalog);
        assertThat(chosen.choice().plan().appReplicas()).isEqualTo(3);
        assertThat(chosen.choice().version().image()).isEqualTo("wordpress:6.5-apache");
    }

    @Test
    void anUnknownPlanOrVersionSaysWhatIsOffered() {
        assertThatThrownBy(() -> CreateStoreRequest.parse(
                "{\"name\":\"shop\",\"engine\":\"woocommerce\",\"plan\":\"huge\"}", json, catalog))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PLAN))
                .hasMessageContaining("small, medium, large");
        // A Medusa version is not a WooCommerce one.
        assertThatThrownBy(() -> CreateStoreRequest.parse(
                "{\"name\":\"shop\",\"engine\":\"woocommerce\",\"version\":\"2.8\"}", json, catalog))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VERSION))
                .hasMessageContaining("6.6, 6.5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                         | VALIDATION_FAILED",
            "'   '                                      | VALIDATION_FAILED",
            "[]                                         | VALIDATION_FAILED",
            "42                                         | VALIDATION_FAILED",
            "'{\"engine\":\"woocommerce\"}'             | VALIDATION_FAILED",
            "'{\"name\":null,\"engine\":\"woocommerce\"}' | VALIDATION_FAILED",
            "'{\"name\":\"shop\"}'                      | VALIDATION_FAILED",
            "'{\"name\":true,\"engine\":\"woocommerce\"}' | VALIDATION_FAILED",
            "'{\"name\":\"shop\",\"engine\":7}'         | VALIDATION_FAILED",
            "'{\"name\":\"shop\",\"engine\":\"woocommerce\",\"plan\":{\"x\":1}}' | VALIDATION_FAILED",
            "'{\"name\":\"shop\",\"engine\":\"woocommerce\",\"version\":6.6}'   | VALIDATION_FAILED",
            "'{\"name\":\"shop\",\"engine\":\"woocommerce\",\"plan\":[\"small\"]}' | VALIDATION_FAILED",
            "'{\"name\":\"Shop\",\"engine\":\"woocommerce\",\"plan\":1}' | VALIDATION_FAILED",
            "'{\"name\":\"shop\",\"engine\":\"woocommerce\",\"plan\":\"\"}'    | INVALID_PLAN",
            "'{\"name\":\"shop\",\"engine\":\"woocommerce\",\"plan\":\"Small\"}' | INVALID_PLAN",
            "'{\"name\":\"shop\",\"engine\":\"woocommerce\",\"version\":\"7\"}'  | INVALID_VERSION",
            "'{\"name\":\"shop\",\"engine\":\"shopify\",\"plan\":\"huge\"}'     | INVALID_ENGINE",
            "'{\"name\":\"Shop\",\"engine\":\"woocommerce\"}' | INVALID_STORE_NAME",
            "'{\"name\":\"-shop\",\"engine\":\"woocommerce\"}' | INVALID_STORE_NAME",
            "'{\"name\":\"api\",\"engine\":\"woocommerce\"}'   | INVALID_STORE_NAME",
            "'{\"name\":\"shop\",\"engine\":\"shopify\"}'     | INVALID_ENGINE",
            "'{\"name\":\"shop\",\"engine\":\"\"}'            | INVALID_ENGINE",
            "'{\"name\":'                               | INVALID_JSON",
            "'{\"name\":\"shop\"} {}'                   | INVALID_JSON",
            "'nope'                                     | INVALID_JSON",
    })
    void invalidBodiesAreRefusedWithTheirCode(String body, ErrorCode expected) {
        assertThatThrownBy(() -> CreateStoreRequest.parse(body, json, catalog))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(expected));
    }

    @Test
    void aNullBodyIsAValidationError() {
        assertThatThrownBy(() -> CreateStoreRequest.parse(null, json, catalog))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void anUnknownEngineListsTheAvailableOnes() {
        assertThatThrownBy(() -> CreateStoreRequest.parse("{\"name\":\"shop\",\"engine\":\"x\"}", json, catalog))
                .hasMessageContaining(catalog.availableEngineIds());
    }

    // Backups and restore (issue 11)
    @Test
    void aCloneNamesTheBackupItIsRestoredFrom() {
        java.util.UUID backup = java.util.UUID.randomUUID();
        CreateStoreRequest request = CreateStoreRequest.parse("{\"name\":\"my-copy\",\"engine\":\"woocommerce\","
                + "\"fromBackup\":\"" + backup + "\"}", json, catalog);
        assertThat(request.fromBackup()).isEqualTo(backup);
        assertThat(CreateStoreRequest.parse("{\"name\":\"my-shop\",\"engine\":\"woocommerce\"}", json, catalog)
                .fromBackup()).isNull();
        assertThatThrownBy(() -> CreateStoreRequest.parse("{\"name\":\"my-copy\","
                        + "\"engine\":\"woocommerce\",\"fromBackup\":\"yesterday\"}", json, catalog))
                .hasMessageContaining("'fromBackup' must be a backup id");
    }
}
