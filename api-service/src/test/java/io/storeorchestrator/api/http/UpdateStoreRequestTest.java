package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpdateStoreRequestTest {

    private final ObjectReader json = JsonBodies.reader(new ObjectMapper());

    @Test
    void eitherFieldMayBeGivenAndNullMeansKeepIt() {
        assertThat(UpdateStoreRequest.parse("{\"version\":\"6.6\"}", json))
                .isEqualTo(new UpdateStoreRequest(null, "6.6"));
        assertThat(UpdateStoreRequest.parse("{\"plan\":\"medium\",\"version\":\"6.5\",\"note\":[1]}", json))
                .isEqualTo(new UpdateStoreRequest("medium", "6.5"));
        assertThat(UpdateStoreRequest.parse("{\"plan\":null}", json)).isEqualTo(new UpdateStoreRequest(null, null));
        // Nothing asked for parses; whether it changes anything is the store's to say (NOTHING_TO_CHANGE).
        assertThat(UpdateStoreRequest.parse("{}", json)).isEqualTo(new UpdateStoreRequest(null, null));
        // Whether the catalog offers it is decided against the store's engine, later.
        assertThat(UpdateStoreRequest.parse("{\"plan\":\"\"}", json)).isEqualTo(new UpdateStoreRequest("", null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                              | VALIDATION_FAILED",
            "'  '                            | VALIDATION_FAILED",
            "[]                              | VALIDATION_FAILED",
            "'\"6.6\"'                       | VALIDATION_FAILED",
            "null                            | VALIDATION_FAILED",
            "'{\"version\":6.6}'             | VALIDATION_FAILED",
            "'{\"plan\":{\"id\":\"small\"}}' | VALIDATION_FAILED",
            "'{\"plan\":[\"small\"]}'        | VALIDATION_FAILED",
            "'{\"version\":true}'            | VALIDATION_FAILED",
            "'{\"version\":'                 | INVALID_JSON",
            "'{\"version\":\"6.6\"} {}'      | INVALID_JSON",
            "'version=6.6'                   | INVALID_JSON",
    })
    void badBodiesAreRefusedWithTheirCode(String body, ErrorCode expected) {
        assertThatThrownBy(() -> UpdateStoreRequest.parse(body, json))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(expected));
    }

    @Test
    void noBodyIsAValidationError() {
        assertThatThrownBy(() -> UpdateStoreRequest.parse(null, json))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }
}
