package io.storeorchestrator.api.stream;

import io.micronaut.buffer.netty.NettyByteBufferFactory;
import io.micronaut.http.server.codec.TextStreamCodec;
import io.micronaut.runtime.ApplicationConfiguration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The frames as Micronaut's SSE writer puts them on the wire: exactly what the contract with the dashboard says. */
class StreamEventsTest {

    private final TextStreamCodec codec = new TextStreamCodec(new ApplicationConfiguration(),
            NettyByteBufferFactory.DEFAULT, () -> {
                throw new AssertionError("string data needs no JSON codec");
            }, null);

    @Test
    void aStoreChangeIsIdEventAndOneDataLine() {
        assertThat(wire(StreamEvents.store(42, "{\"id\":\"x\",\"status\":\"READY\"}")))
                .isEqualTo("id: 42\nevent: store\ndata: {\"id\":\"x\",\"status\":\"READY\"}\n\n");
    }

    @Test
    void aHeartbeatIsACommentOnlyWhichParsersSkip() {
        assertThat(wire(StreamEvents.HEARTBEAT)).isEqualTo(": heartbeat\n\n\n").doesNotContain("data:");
    }

    @Test
    void aResetCarriesEmptyJsonAndWhereTheStreamGoesOn() {
        assertThat(wire(StreamEvents.reset(7))).isEqualTo("id: 7\nevent: reset\ndata: {}\n\n");
    }

    @Test
    void dataMustBeOneLine() {
        assertThatThrownBy(() -> StreamEvents.store(1, "{\n}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lastEventIdIsADecimalIdOrReset() {
        assertThat(StreamEvents.lastEventId(null)).isNull();
        assertThat(StreamEvents.lastEventId(" ")).isNull();
        assertThat(StreamEvents.lastEventId("42")).isEqualTo(42L);
        assertThat(StreamEvents.lastEventId(" 42 ")).isEqualTo(42L);
        for (String bad : new String[]{"-1", "abc", "1e3", "99999999999999999999", "0x10"}) {
            assertThat(StreamEvents.lastEventId(bad)).as(bad).isEqualTo(-1L);
        }
    }

    private String wire(io.micronaut.http.sse.Event<String> event) {
        return new String(codec.encode(event), StandardCharsets.UTF_8);
    }
}
