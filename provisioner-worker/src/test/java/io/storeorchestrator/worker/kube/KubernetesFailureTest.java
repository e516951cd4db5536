package io.storeorchestrator.worker.kube;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesFailureTest {

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 429})
    void serverErrorsAndThrottlingAreTransient(int code) {
        assertThat(KubernetesFailure.of(error(code, "ServiceUnavailable", "try later")).transientError()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422})
    void otherClientErrorsArePermanent(int code) {
        assertThat(KubernetesFailure.of(error(code, "Forbidden", "no")).transientError()).isFalse();
    }

    @Test
    void noResponseBecauseOfIoIsTransient() {
        var e = new KubernetesClientException("An error has occurred.", new ConnectException("Connection refused"));

        KubernetesFailure failure = KubernetesFailure.of(e);

        assertThat(failure.transientError()).isTrue();
        assertThat(failure.reason()).isEqualTo("ConnectException");
        assertThat(KubernetesFailure.of(new IOException("reset")).transientError()).isTrue();
    }

    @Test
    void describesWithStepReasonAndServerMessage() {
        var failure = KubernetesFailure.of(error(403, "Forbidden",
                "namespaces is forbidden: User \"worker\" cannot create resource"));

        assertThat(failure.describeFor("namespace")).isEqualTo(
                "namespace failed: Forbidden: namespaces is forbidden: User \"worker\" cannot create resource");
    }

    @Test
    void aResponseWithoutStatusFallsBackToTheHttpCode() {
        assertThat(KubernetesFailure.of(new KubernetesClientException("boom", 422, null)).reason()).isEqualTo("HTTP 422");
    }

    private static KubernetesClientException error(int code, String reason, String message) {
        return new KubernetesClientException(message, code,
                new StatusBuilder().withCode(code).withReason(reason).withMessage(message).build());
    }
}
