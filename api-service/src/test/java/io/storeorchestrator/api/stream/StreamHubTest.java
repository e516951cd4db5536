package io.storeorchestrator.api.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeorchestrator.api.tenant.TenantScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub reads stores only for clients: changes read alone while nobody listens are rendered if one turns up. */
class StreamHubTest {

    private final StreamHub hub = new StreamHub(new StreamConfig(Duration.ofSeconds(15), Duration.ofHours(1), 10, 10,
            100), new SimpleMeterRegistry());
    private final List<List<StoreChange>> rendered = new ArrayList<>();

    @AfterEach
    void stop() {
        hub.stop();
    }

    @Test
    void changesNobodyReceivesAreNeverRendered() {
        hub.start(0);
        hub.publish(List.of(StoreChange.unread(1, null, UUID.randomUUID())), 1, this::render);
        assertThat(rendered).isEmpty();
        assertThat(hub.position()).isEqualTo(1);
    }

    @Test
    void aClientThatOpensBetweenTheReadAndTheHandOutGetsTheChangesRendered() {
        hub.start(0);
        // The listener read these while no client was connected ...
        List<StoreChange> readAlone = List.of(StoreChange.unread(1, null, UUID.randomUUID()),
                new StoreChange(2, null, null), StoreChange.unread(3, null, UUID.randomUUID()));
        // ... then a client opened before they were handed out: it must receive them, rendered.
        ClientStream stream = hub.open(TenantScope.ALL, null).stream();
        ClientStreamTest.Recorder seen = new ClientStreamTest.Recorder();
        stream.subscribe(seen);
        seen.subscription.request(Long.MAX_VALUE);

        hub.publish(readAlone, 3, this::render);

        assertThat(rendered).hasSize(1);
        assertThat(seen.ids()).containsExactly("1", "3");
    }

    /** What ChangeFeed.render does, without a database: every unread change gets its store's event. */
    private List<StoreChange> render(List<StoreChange> changes) {
        rendered.add(changes);
        return changes.stream().map(c -> c.isUnread()
                ? new StoreChange(c.id(), c.tenantId(), StreamEvents.store(c.id(), "{\"id\":" + c.id() + "}"))
                : c).toList();
    }
}
