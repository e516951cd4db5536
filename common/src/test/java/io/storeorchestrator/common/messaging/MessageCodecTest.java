package io.storeorchestrator.common.messaging;

import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.domain.Engine;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {

    @Test
    void commandsSurviveTheRoundTrip() {
        StoreCommand command = new StoreCommand(UUID.randomUUID(), CommandType.PROVISION, UUID.randomUUID(), "my-shop",
                Engine.WOOCOMMERCE, 3, "store-x", "my-shop.example.com", Instant.parse("2026-01-01T00:10:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"), null);
        assertThat(MessageCodec.decode(MessageCodec.encode(command), StoreCommand.class)).isEqualTo(command);
    }

    @Test
    void eventsSurviveTheRoundTripAndIgnoreUnknownFields() {
        StoreEvent event = StoreEvent.of(UUID.randomUUID(), 2, StoreEventType.STEP, StepName.NAMESPACE, "Namespace created");
        String json = new String(MessageCodec.encode(event), StandardCharsets.UTF_8);
        String withExtra = json.replaceFirst("\\{", "{\"addedInVersion2\":true,");
        assertThat(MessageCodec.decode(withExtra.getBytes(StandardCharsets.UTF_8), StoreEvent.class)).isEqualTo(event);
    }

    @Test
    void garbageIsMalformedNotACrash() {
        assertThatThrownBy(() -> MessageCodec.decode("not json".getBytes(StandardCharsets.UTF_8), StoreCommand.class))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> MessageCodec.decode("{}".getBytes(StandardCharsets.UTF_8), StoreCommand.class))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> MessageCodec.decode("null".getBytes(StandardCharsets.UTF_8), StoreEvent.class))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> MessageCodec.decode(
                "{\"type\":\"EXPLODE\"}".getBytes(StandardCharsets.UTF_8), StoreCommand.class))
                .isInstanceOf(MalformedMessageException.class);
    }
}
