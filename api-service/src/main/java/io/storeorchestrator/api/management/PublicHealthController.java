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
    public HttpResponse<Status> liveness() {
        return answer(HealthCheckType.LIVENESS);
    }

    @Get("/readiness")
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
