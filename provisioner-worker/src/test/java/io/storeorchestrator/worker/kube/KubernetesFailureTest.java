package io.storeorchestrator.worker.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesFailureTest {

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 429, 408})
    void serverErrorsTimeoutsAndThrottlingAreTransient(int code) {
        assertThat(KubernetesFailure.of(error(code, "ServiceUnavailable", "try later")).transientError()).isTrue();
    }

    @Test
    void aConflictIsTransientSinceTheNextAttemptReadsAfresh() {
        KubernetesFailure failure = KubernetesFailure.of(error(409, "Conflict",
                "Operation cannot be fulfilled on deployments.apps \"wordpress\": the object has been modified"));

        assertThat(failure.transientError()).isTrue();
        assertThat(failure.reason()).isEqualTo("Conflict");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 422})
    void otherClientErrorsArePermanent(int code) {
        assertThat(KubernetesFailure.of(error(code, "BadRequest", "no")).transientError()).isFalse();
    }

    @Test
    void forbiddenIsPermanentWithTheServersReasonAndMessage() {
        KubernetesFailure failure = KubernetesFailure.of(error(403, "Forbidden",
                "namespaces is forbidden: User \"worker\" cannot create resource"));

        assertThat(failure).isEqualTo(new KubernetesFailure(false, "Forbidden",
                "namespaces is forbidden: User \"worker\" cannot create resource", Optional.empty()));
    }

    @Test
    void throttlingCarriesTheServersRetryAfter() {
        Status status = new StatusBuilder().withCode(429).withReason("TooManyRequests")
                .withMessage("too many requests, please try again later")
                .withNewDetails().withRetryAfterSeconds(7).endDetails().build();

        KubernetesFailure failure = KubernetesFailure.of(new KubernetesClientException(status));

        assertThat(failure.transientError()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void anUnavailableServerCarriesItsRetryAfterToo() {
        Status status = new StatusBuilder().withCode(503).withReason("ServiceUnavailable").withMessage("starting")
                .withNewDetails().withRetryAfterSeconds(2).endDetails().build();

        assertThat(KubernetesFailure.of(new KubernetesClientException(status)).retryAfter())
                .contains(Duration.ofSeconds(2));
    }

    @Test
    void noRetryAfterWhenTheServerSentNoneOrANonPositiveOne() {
        Status zero = new StatusBuilder().withCode(429).withReason("TooManyRequests").withMessage("slow down")
                .withNewDetails().withRetryAfterSeconds(0).endDetails().build();

        assertThat(KubernetesFailure.of(error(429, "TooManyRequests", "slow down")).retryAfter()).isEmpty();
        assertThat(KubernetesFailure.of(new KubernetesClientException(zero)).retryAfter()).isEmpty();
        assertThat(KubernetesFailure.of(new IOException("reset")).retryAfter()).isEmpty();
    }

    @Test
    void anInvalidObjectsMessageNamesEveryOffendingField() {
        Status status = new StatusBuilder().withCode(422).withReason("Invalid")
                .withMessage("Deployment.apps \"wordpress\" is invalid")
                .withNewDetails().withKind("Deployment").withName("wordpress")
                .withCauses(
                        new StatusCauseBuilder().withField("spec.replicas").withReason("FieldValueInvalid")
                                .withMessage("Invalid value: -1: must be greater than or equal to 0").build(),
                        new StatusCauseBuilder().withField("spec.template.spec.containers[0].image")
                                .withReason("FieldValueRequired").build())
                .endDetails().build();

        KubernetesFailure failure = KubernetesFailure.of(new KubernetesClientException(status));

        assertThat(failure.transientError()).isFalse();
        assertThat(failure.reason()).isEqualTo("Invalid");
        assertThat(failure.message()).isEqualTo("Deployment.apps \"wordpress\" is invalid ("
                + "spec.replicas: Invalid value: -1: must be greater than or equal to 0; "
                + "spec.template.spec.containers[0].image: FieldValueRequired)");
    }

    @Test
    void aFieldTheServersMessageAlreadyNamesIsNotRepeated() {
        Status status = new StatusBuilder().withCode(422).withReason("Invalid")
                .withMessage("Deployment.apps \"wordpress\" is invalid: spec.replicas: Invalid value: -1")
                .withNewDetails().withCauses(new StatusCauseBuilder().withField("spec.replicas")
                        .withMessage("Invalid value: -1").build()).endDetails().build();

        assertThat(KubernetesFailure.of(new KubernetesClientException(status)).message())
                .isEqualTo("Deployment.apps \"wordpress\" is invalid: spec.replicas: Invalid value: -1");
    }

    @Test
    void noResponseBecauseOfIoIsTransient() {
        var e = new KubernetesClientException("An error has occurred.", new ConnectException("Connection refused"));

        KubernetesFailure failure = KubernetesFailure.of(e);

        assertThat(failure.transientError()).isTrue();
        assertThat(failure.reason()).isEqualTo("ConnectException");
        assertThat(failure.message()).isEqualTo("Connection refused");
        assertThat(KubernetesFailure.of(new IOException("reset")).transientError()).isTrue();
    }

    @Test
    void noResponseForAnotherReasonIsPermanentAndNamedByItsKind() {
        var e = new KubernetesClientException("An error has occurred.", new IllegalStateException("bad kubeconfig"));

        KubernetesFailure failure = KubernetesFailure.of(e);

        assertThat(failure.transientError()).isFalse();
        assertThat(failure.reason()).isEqualTo("IllegalStateException");
        assertThat(failure.message()).isEqualTo("bad kubeconfig");
    }

    @Test
    void aResponseWithoutStatusFallsBackToTheHttpCode() {
        assertThat(KubernetesFailure.of(new KubernetesClientException("boom", 422, null)).reason()).isEqualTo("HTTP 422");
    }

    @Test
    void anErrorThatIsNotFromKubernetesIsPermanentAndNamedByItsKind() {
        assertThat(KubernetesFailure.of(new IllegalArgumentException("boom")))
                .isEqualTo(new KubernetesFailure(false, "IllegalArgumentException", "boom", Optional.empty()));
        assertThat(KubernetesFailure.of(new NullPointerException()).message()).isEmpty();
    }

    @Test
    void aFailedStepKeepsTheFailureItCarries() {
        KubernetesFailure inner = new KubernetesFailure(false, "Forbidden", "denied", Optional.empty());

        assertThat(KubernetesFailure.of(new KubernetesStepException("apply Namespace x", inner, null))).isSameAs(inner);
    }

    private static KubernetesClientException error(int code, String reason, String message) {
        return new KubernetesClientException(message, code,
                new StatusBuilder().withCode(code).withReason(reason).withMessage(message).build());
    }
}
