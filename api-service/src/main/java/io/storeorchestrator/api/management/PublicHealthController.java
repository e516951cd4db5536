package io.storeorchestrator.api.management;

import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.HealthCheckType;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Liveness and readiness on the API port, for load balancers that can only probe the port they route to: the status
 * and nothing else. The details (database, disk, broker) stay on the management port ({@code MANAGEMENT_PORT}), with
 * /prometheus and every other management endpoint, where the chart's Ingress never routes.
 */
@Controller("/health")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Health", description = "Liveness and readiness on the API port; no credential, no details")
public class PublicHealthController {

    /** The body: {@code {"status":"UP"}}. */
    public record Status(String status) {
    }

    static final long TIMEOUT_SECONDS = 10;

    private final HealthEndpoint health;

    public PublicHealthController(HealthEndpoint health) {
        this.health = health;
    }

    @Get("/liveness")
    @Operation(summary = "Liveness: UP or DOWN")
    @ApiResponse(responseCode = "200", description = "UP",
            content = @Content(schema = @Schema(implementation = Status.class)))
    @ApiResponse(responseCode = "503", description = "DOWN",
            content = @Content(schema = @Schema(implementation = Status.class)))
    public HttpResponse<Status> liveness() {
        return answer(HealthCheckType.LIVENESS);
    }

    @Get("/readiness")
    @Operation(summary = "Readiness: UP or DOWN")
    @ApiResponse(responseCode = "200", description = "UP",
            content = @Content(schema = @Schema(implementation = Status.class)))
    @ApiResponse(responseCode = "503", description = "DOWN",
            content = @Content(schema = @Schema(implementation = Status.class)))
    public HttpResponse<Status> readiness() {
        return answer(HealthCheckType.READINESS);
    }

    private HttpResponse<Status> answer(HealthCheckType type) {
        HealthStatus status = first(health.getHealth(null, type)).getStatus();
        boolean up = status.getOperational().orElse(true);
        return HttpResponse.<Status>status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new Status(status.getName()));
    }

    private static HealthResult first(Publisher<HealthResult> publisher) {
        CompletableFuture<HealthResult> result = new CompletableFuture<>();
        publisher.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(HealthResult item) {
                result.complete(item);
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                result.completeExceptionally(new IllegalStateException("no health result"));
            }
        });
        try {
            return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("health check failed", e);
        }
    }
}
