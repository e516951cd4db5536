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

class RollbackRequestTest {

    private final ObjectReader json = JsonBodies.reader(new ObjectMapper());

    @Test
    void theRevisionIsAPositiveInteger() {
        assertThat(RollbackRequest.parse("{\"revision\":2}", json)).isEqualTo(new RollbackRequest(2));
        assertThat(RollbackRequest.parse("{\"revision\":1,\"why\":\"x\"}", json)).isEqualTo(new RollbackRequest(1));
        assertThat(RollbackRequest.parse("{\"revision\":" + Integer.MAX_VALUE + "}", json).revision())
                .isEqualTo(Integer.MAX_VALUE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                            | VALIDATION_FAILED",
            "'{}'                          | VALIDATION_FAILED",
            "'{\"revision\":null}'         | VALIDATION_FAILED",
            "'{\"revision\":\"2\"}'        | VALIDATION_FAILED",
            "'{\"revision\":2.0}'          | VALIDATION_FAILED",
            "'{\"revision\":2.5}'          | VALIDATION_FAILED",
            "'{\"revision\":0}'            | VALIDATION_FAILED",
            "'{\"revision\":-1}'           | VALIDATION_FAILED",
            "'{\"revision\":2147483648}'   | VALIDATION_FAILED",
            "'{\"revision\":99999999999999999999999}' | VALIDATION_FAILED",
            "'{\"revision\":true}'         | VALIDATION_FAILED",
            "'{\"revision\":[2]}'          | VALIDATION_FAILED",
            "'[2]'                         | VALIDATION_FAILED",
            "'2'                           | VALIDATION_FAILED",
            "'{\"revision\":'              | INVALID_JSON",
            "'{\"revision\":2}}'           | INVALID_JSON",
    })
    void badBodiesAreRefusedWithTheirCode(String body, ErrorCode expected) {
        assertThatThrownBy(() -> RollbackRequest.parse(body, json))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(expected));
    }
}
