package io.storeorchestrator.api.stream;

import io.micronaut.http.sse.Event;
import io.storeorchestrator.api.tenant.TenantScope;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ClientStreamTest {

    private static final UUID TENANT_A = UUID.randomUUID();
    private static final UUID TENANT_B = UUID.randomUUID();

    private final List<ClientStream.End> ends = new ArrayList<>();

    @Test
    void aTenantGetsOnlyItsOwnStoresAndTheAdminAll() {
        ClientStream tenant = stream(TenantScope.of(TENANT_A), 10, 0, false);
        ClientStream admin = stream(TenantScope.ALL, 10, 0, false);
        Recorder tenantSeen = subscribe(tenant, Long.MAX_VALUE);
        Recorder adminSeen = subscribe(admin, Long.MAX_VALUE);
        for (StoreChange change : List.of(change(1, TENANT_A), change(2, TENANT_B), change(3, null))) {
            tenant.offer(change);
            admin.offer(change);
        }
        assertThat(tenantSeen.ids()).containsExactly("1");
        assertThat(adminSeen.ids()).containsExactly("1", "2", "3");
    }

    @Test
    void eventsWaitForDemandAndAreNeverSentTwice() {
        ClientStream stream = stream(TenantScope.ALL, 10, 0, false);
        Recorder seen = subscribe(stream, 0);
        stream.offer(change(1, null));
        stream.offer(change(2, null));
        stream.offer(change(2, null));
        stream.offer(change(1, null));
        assertThat(seen.events).isEmpty();
        seen.subscription.request(1);
        assertThat(seen.ids()).containsExactly("1");
        seen.subscription.request(5);
        assertThat(seen.ids()).containsExactly("1", "2");
        assertThat(stream.buffered()).isZero();
    }

    @Test
    void aClientThatDoesNotKeepUpIsDisconnectedAndForgotten() {
        ClientStream stream = stream(TenantScope.ALL, 3, 0, false);
        Recorder seen = subscribe(stream, 0);
        for (int id = 1; id <= 3; id++) {
            stream.offer(change(id, null));
        }
        assertThat(seen.completed).isFalse();
        stream.offer(change(4, null));
        assertThat(ends).containsExactly(ClientStream.End.OVERFLOW);
        assertThat(seen.completed).as("the response ends; the client resumes with Last-Event-ID").isTrue();
        assertThat(seen.events).isEmpty();
        assertThat(stream.buffered()).isZero();
        stream.offer(change(5, null));
        stream.heartbeat();
        assertThat(seen.events).isEmpty();
    }

    @Test
    void liveChangesDuringAReplayFollowItInOrderWithoutDuplicates() {
        ClientStream stream = stream(TenantScope.ALL, 10, 5, true);
        Recorder seen = subscribe(stream, Long.MAX_VALUE);
        stream.offer(change(9, null));
        stream.offer(change(10, null));
        assertThat(seen.events).as("held until the replay is in").isEmpty();
        stream.replayed(List.of(change(6, null).event(), change(8, null).event()), 9);
        assertThat(seen.ids()).containsExactly("6", "8", "10");
    }

    @Test
    void aResetComesFirstAndTheStreamGoesOnAfterIt() {
        ClientStream stream = stream(TenantScope.ALL, 10, 3, true);
        Recorder seen = subscribe(stream, Long.MAX_VALUE);
        stream.offer(change(21, null));
        stream.replayed(List.of(StreamEvents.reset(20)), 20);
        stream.offer(change(22, null));
        assertThat(seen.events).extracting(Event::getName).containsExactly("reset", "store", "store");
        assertThat(seen.ids()).containsExactly("20", "21", "22");
    }

    @Test
    void heartbeatsAreCommentsAndCancelEndsTheStreamOnce() {
        ClientStream stream = stream(TenantScope.ALL, 10, 0, false);
        Recorder seen = subscribe(stream, Long.MAX_VALUE);
        stream.heartbeat();
        assertThat(seen.events).singleElement().satisfies(e -> {
            assertThat(e.getComment()).isEqualTo("heartbeat");
            assertThat(e.getData()).isEmpty();
        });
        seen.subscription.cancel();
        seen.subscription.cancel();
        stream.offer(change(1, null));
        assertThat(ends).containsExactly(ClientStream.End.CANCELLED);
        assertThat(seen.events).hasSize(1);
    }

    @Test
    void aStreamNobodySubscribedToIsEndedAfterTheGrace() {
        ClientStream stream = stream(TenantScope.ALL, 10, 0, false);
        assertThat(stream.endIfUnsubscribed(Long.MAX_VALUE, System.nanoTime())).isFalse();
        assertThat(stream.endIfUnsubscribed(0, System.nanoTime() + 1)).isTrue();
        assertThat(ends).containsExactly(ClientStream.End.NEVER_SUBSCRIBED);
    }

    @Test
    void eventsQueuedBeforeTheSubscriptionAreDeliveredAfterIt() {
        ClientStream stream = stream(TenantScope.ALL, 10, 0, false);
        stream.heartbeat();
        stream.offer(change(1, null));
        Recorder seen = subscribe(stream, Long.MAX_VALUE);
        assertThat(seen.events).hasSize(2);
    }

    @Test
    void closingCompletesTheResponse() {
        ClientStream stream = stream(TenantScope.ALL, 10, 0, false);
        Recorder seen = subscribe(stream, Long.MAX_VALUE);
        stream.close();
        assertThat(seen.completed).isTrue();
        assertThat(ends).containsExactly(ClientStream.End.SHUTDOWN);
    }

    private ClientStream stream(TenantScope scope, int capacity, long position, boolean replaying) {
        return new ClientStream(scope, capacity, position, replaying, (s, why) -> ends.add(why));
    }

    private static StoreChange change(long id, UUID tenant) {
        return new StoreChange(id, tenant, StreamEvents.store(id, "{\"n\":" + id + "}"));
    }

    private static Recorder subscribe(ClientStream stream, long initialDemand) {
        Recorder recorder = new Recorder();
        stream.subscribe(recorder);
        if (initialDemand > 0) {
            recorder.subscription.request(initialDemand);
        }
        return recorder;
    }

    static final class Recorder implements Subscriber<Event<String>> {
        final List<Event<String>> events = new ArrayList<>();
        Subscription subscription;
        boolean completed;

        @Override
        public void onSubscribe(Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(Event<String> event) {
            events.add(event);
        }

        @Override
        public void onError(Throwable t) {
            throw new AssertionError(t);
        }

        @Override
        public void onComplete() {
            completed = true;
        }

        List<String> ids() {
            return events.stream().map(Event::getId).toList();
        }
    }
}
