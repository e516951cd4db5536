package io.storeorchestrator.api.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.exceptions.CannotCreateTransactionException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassifierTest {

    @Test
    void ourOwnErrorsKeepTheirCodeAndMessage() {
        ErrorClassifier.Classified error = ErrorClassifier.classify(HttpStatus.BAD_REQUEST,
                new ApiException(ErrorCode.QUOTA_EXCEEDED, "too many"), "ignored");
        assertThat(error.code()).isEqualTo(ErrorCode.QUOTA_EXCEEDED);
        assertThat(error.status().getCode()).isEqualTo(429);
        assertThat(error.message()).isEqualTo("too many");
    }

    @Test
    void frameworkStatusesMapToCodes() {
        assertThat(ErrorClassifier.classify(HttpStatus.NOT_FOUND, null, "Page Not Found").code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(ErrorClassifier.classify(HttpStatus.METHOD_NOT_ALLOWED, null, null).code()).isEqualTo(ErrorCode.METHOD_NOT_ALLOWED);
        assertThat(ErrorClassifier.classify(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null, null).code())
                .isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        assertThat(ErrorClassifier.classify(HttpStatus.REQUEST_ENTITY_TOO_LARGE, null, null).code())
                .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(ErrorClassifier.classify(HttpStatus.BAD_REQUEST, null, "Required argument [x] not specified").code())
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void unreadableJsonIsInvalidJsonButWrongShapesAreValidationErrors() {
        assertThat(ErrorClassifier.classify(HttpStatus.BAD_REQUEST, new JsonParseException(null, "bad"), "x").code())
                .isEqualTo(ErrorCode.INVALID_JSON);
        assertThat(ErrorClassifier.classify(HttpStatus.BAD_REQUEST,
                MismatchedInputException.from(null, String.class, "wrong type"), "x").code())
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void serverErrorsNeverLeakDetails() {
        ErrorClassifier.Classified error = ErrorClassifier.classify(HttpStatus.INTERNAL_SERVER_ERROR,
                new IllegalStateException("relation \"stores\" does not exist at 10.0.0.5"), "Internal Server Error: ...");
        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(error.message()).doesNotContain("stores").doesNotContain("10.0.0.5");
    }

    @Test
    void anUnreachableDatabaseIs503() {
        RuntimeException wrapped = new RuntimeException("tx failed", new SQLTransientConnectionException("timeout"));
        assertThat(ErrorClassifier.classify(HttpStatus.INTERNAL_SERVER_ERROR, wrapped, null).code())
                .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
        RuntimeException refused = new RuntimeException(new SQLException("gone", "08006"));
        assertThat(ErrorClassifier.classify(HttpStatus.INTERNAL_SERVER_ERROR, refused, null).status().getCode())
                .isEqualTo(503);
    }

    @Test
    void micronautsConnectionExceptionsAreReadThroughToTheDriversCause() {
        // What Micronaut Data throws when Hikari times out: common's classification knows no Micronaut type.
        RuntimeException micronaut = new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                        new SQLTransientConnectionException("HikariPool-1 - Connection is not available")));
        assertThat(ErrorClassifier.classify(HttpStatus.INTERNAL_SERVER_ERROR, micronaut, null).code())
                .isEqualTo(ErrorCode.DATABASE_UNAVAILABLE);
    }

    @Test
    void theErrorBodyHasExactlyTheDocumentedShape() throws Exception {
        String body = new ObjectMapper().writeValueAsString(ErrorBody.of(ErrorCode.NOT_FOUND, "No store with id x"));
        assertThat(body).isEqualTo("{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"No store with id x\"}}");
    }
}
