package io.storeorchestrator.common.kubernetes;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the {@link KubernetesRequestObserver}s about every request of a Fabric8 client: when it goes out and how it
 * ends. Fabric8 hands an interceptor the very request it sends in {@link #consumer} (after every {@code before}, the
 * rate limit's wait included, on the sending thread) and again in {@link #after} when the response headers arrive, so
 * the request object itself is the key of the one in flight. WebSocket upgrades (watches) skip {@code consumer} and
 * are counted when they are answered, without a duration.
 *
 * <p>A request that gets no response at all (connection refused, timeout) is not reported to any interceptor while
 * Fabric8's own retries are off, as {@link KubernetesClients} has them: such a request is counted as an
 * {@link KubernetesOutcome#ERROR} once it has been in flight longer than any request can be (twice the request
 * timeout), found at the next request that starts or ends. ({@link #afterConnectionFailure}, called when retries are
 * on, reports it at once; it gets the request as first built, with the same method and URL, and is matched on those.)
 */
final class ObservingInterceptor implements Interceptor {

    static final String NAME = "store-orchestrator-observe";
    private static final long PURGE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final List<KubernetesRequestObserver> observers;
    private final long giveUpAfterNanos;
    private final Map<Key, InFlight> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong lastPurge = new AtomicLong(System.nanoTime());

    /** @param requestTimeout the client's request timeout: no request is answered later than twice that */
    ObservingInterceptor(List<KubernetesRequestObserver> observers, Duration requestTimeout) {
        this.observers = List.copyOf(observers);
        this.giveUpAfterNanos = requestTimeout.multipliedBy(2).plusSeconds(1).toNanos();
    }

    /** Identity, not equality: two identical requests in flight are two requests. */
    private record Key(HttpRequest request) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.request == request;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(request);
        }
    }

    private record InFlight(long startedAt, String method, java.net.URI uri,
                            List<KubernetesRequestObserver.Completion> completions) {
        void end(KubernetesOutcome outcome, int status, long nanos) {
            for (KubernetesRequestObserver.Completion completion : completions) {
                completion.ended(outcome, status, nanos);
            }
        }
    }

    @Override
    public AsyncBody.Consumer<List<ByteBuffer>> consumer(AsyncBody.Consumer<List<ByteBuffer>> consumer,
                                                         HttpRequest request) {
        inFlight.put(new Key(request), start(request));
        purgeNowAndThen();
        return consumer;
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        InFlight started = inFlight.remove(new Key(request));
        int status = response.code();
        if (started != null) {
            started.end(KubernetesOutcome.of(status), status, System.nanoTime() - started.startedAt());
        } else {
            // A WebSocket upgrade, or the second answer of a request an interceptor sent again.
            start(request).end(KubernetesOutcome.of(status), status, -1);
        }
        purgeNowAndThen();
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        InFlight oldest = null;
        Key oldestKey = null;
        for (Map.Entry<Key, InFlight> entry : inFlight.entrySet()) {
            InFlight candidate = entry.getValue();
            if (candidate.method().equals(request.method()) && candidate.uri().equals(request.uri())
                    && (oldest == null || candidate.startedAt() < oldest.startedAt())) {
                oldest = candidate;
                oldestKey = entry.getKey();
            }
        }
        if (oldest != null && inFlight.remove(oldestKey, oldest)) {
            oldest.end(KubernetesOutcome.ERROR, 0, System.nanoTime() - oldest.startedAt());
        } else {
            start(request).end(KubernetesOutcome.ERROR, 0, -1);
        }
    }

    private InFlight start(HttpRequest request) {
        String contentType = request instanceof StandardHttpRequest standard ? standard.getContentType()
                : request.header("Content-Type");
        KubernetesVerb verb = KubernetesVerb.of(request.method(), request.uri(), contentType);
        List<KubernetesRequestObserver.Completion> completions = new ArrayList<>(observers.size());
        for (KubernetesRequestObserver observer : observers) {
            completions.add(observer.sending(verb, request.method(), request.uri()));
        }
        return new InFlight(System.nanoTime(), request.method(), request.uri(), completions);
    }

    private void purgeNowAndThen() {
        long now = System.nanoTime();
        long last = lastPurge.get();
        if (now - last >= PURGE_EVERY_NANOS && lastPurge.compareAndSet(last, now)) {
            purgeStale(now);
        }
    }

    /** Ends, as errors, the requests in flight for longer than any request can be answered. */
    void purgeStale(long now) {
        inFlight.forEach((key, request) -> {
            if (now - request.startedAt() > giveUpAfterNanos && inFlight.remove(key, request)) {
                request.end(KubernetesOutcome.ERROR, 0, now - request.startedAt());
            }
        });
    }

    /** Requests sent and not yet answered (for tests). */
    int inFlight() {
        return inFlight.size();
    }
}
