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
    void theTenantTravelsWithTheCommandAndOlderCommandsHaveNone() {
        StoreCommand command = new StoreCommand(UUID.randomUUID(), CommandType.PROVISION, UUID.randomUUID(), "my-shop",
                Engine.WOOCOMMERCE, 1, "store-x", "my-shop.example.com", Instant.parse("2026-01-01T00:10:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"), null).withTenant("5b1c0e4e-8f0a-4d55-9a57-0c5d7a1e2f30");
        StoreCommand decoded = MessageCodec.decode(MessageCodec.encode(command), StoreCommand.class);
        assertThat(decoded.tenant()).isEqualTo("5b1c0e4e-8f0a-4d55-9a57-0c5d7a1e2f30");
        assertThat(decoded.resumingAt(StepName.NAMESPACE).tenant()).isEqualTo(decoded.tenant());

        String older = new String(MessageCodec.encode(command.withTenant(null)), StandardCharsets.UTF_8)
                .replace(",\"tenant\":null", "");
        assertThat(older).doesNotContain("tenant");
        assertThat(MessageCodec.decode(older.getBytes(StandardCharsets.UTF_8), StoreCommand.class).tenant()).isNull();
    }

    @Test
    void theTemplateTravelsWithAProvisionAndItsWakeUpsAndOlderCommandsHaveNone() {
        StoreCommand command = new StoreCommand(UUID.randomUUID(), CommandType.PROVISION, UUID.randomUUID(), "my-shop",
                Engine.WOOCOMMERCE, 1, "store-x", "my-shop.example.com", Instant.parse("2026-01-01T00:10:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"), null).withTenant("t").withTemplate("woo-storefront");
        StoreCommand decoded = MessageCodec.decode(MessageCodec.encode(command), StoreCommand.class);
        assertThat(decoded.template()).isEqualTo("woo-storefront");
        assertThat(decoded.resumingAt(StepName.WAIT_APP).template()).isEqualTo("woo-storefront");
        assertThat(decoded.withTenant("u").template()).isEqualTo("woo-storefront");

        String older = new String(MessageCodec.encode(command.withTemplate(null)), StandardCharsets.UTF_8)
                .replace(",\"template\":null", "");
        assertThat(older).doesNotContain("template");
        assertThat(MessageCodec.decode(older.getBytes(StandardCharsets.UTF_8), StoreCommand.class).template()).isNull();
    }

    @Test
    void eventsSurviveTheRoundTripAndIgnoreUnknownFields() {
        StoreEvent event = StoreEvent.of(UUID.randomUUID(), 2, StoreEventType.STEP, StepName.NAMESPACE, "Namespace created");
        String json = new String(MessageCodec.encode(event), StandardCharsets.UTF_8);
        String withExtra = json.replaceFirst("\\{", "{\"addedInVersion2\":true,");
        assertThat(MessageCodec.decode(withExtra.getBytes(StandardCharsets.UTF_8), StoreEvent.class)).isEqualTo(event);
    }

    @Test
    void aDomainEventCarriesItsHostAndOlderEventsHaveNone() {
        StoreEvent active = StoreEvent.aboutDomain(java.util.UUID.randomUUID(), 2, StoreEventType.DOMAIN_ACTIVE,
                StepName.DOMAINS, "shop.example.com", "custom domain shop.example.com served", null);
        StoreEvent decoded = MessageCodec.decode(MessageCodec.encode(active), StoreEvent.class);
        assertThat(decoded).isEqualTo(active);
        assertThat(decoded.aboutRevision(3).domain()).isEqualTo("shop.example.com");
        String older = new String(MessageCodec.encode(active), StandardCharsets.UTF_8)
                .replace(",\"domain\":\"shop.example.com\"", "");
        assertThat(older).doesNotContain("domain\"");
        assertThat(MessageCodec.decode(older.getBytes(StandardCharsets.UTF_8), StoreEvent.class).domain()).isNull();
    }

    @Test
    void backupsTravelWithCommandsAndEventsAndOlderMessagesHaveNone() {
        UUID backup = UUID.randomUUID();
        UUID safety = UUID.randomUUID();
        StoreCommand restore = new StoreCommand(UUID.randomUUID(), CommandType.RESTORE, UUID.randomUUID(), "my-shop",
                Engine.MEDUSA, 4, "store-x", "my-shop.example.com", null, Instant.parse("2026-01-01T00:00:00Z"), null,
                "small", "2.8", 1, null, null, null, backup, safety);
        StoreCommand decoded = MessageCodec.decode(MessageCodec.encode(restore), StoreCommand.class);
        assertThat(decoded).isEqualTo(restore);
        assertThat(decoded.resumingAt(StepName.RESTORE_DATA).backup()).isEqualTo(backup);
        assertThat(decoded.resumingAt(StepName.RESTORE_DATA).safetyBackup()).isEqualTo(safety);
        String older = new String(MessageCodec.encode(restore), StandardCharsets.UTF_8)
                .replace(",\"backup\":\"" + backup + "\"", "").replace(",\"safetyBackup\":\"" + safety + "\"", "");
        assertThat(MessageCodec.decode(older.getBytes(StandardCharsets.UTF_8), StoreCommand.class).backup()).isNull();

        UUID source = UUID.randomUUID();
        StoreCommand clone = new StoreCommand(UUID.randomUUID(), CommandType.RESTORE, UUID.randomUUID(), "my-copy",
                Engine.WOOCOMMERCE, 2, "store-y", "my-copy.example.com", null, Instant.parse("2026-01-01T00:00:00Z"),
                null, "small", "6.6", 1, null, null, null, backup, safety, source);
        assertThat(MessageCodec.decode(MessageCodec.encode(clone), StoreCommand.class).resumingAt(StepName.STOP_APP)
                .backupStore()).isEqualTo(source);
        assertThat(decoded.backupStore()).as("a restore of the store's own backup names no other store").isNull();

        StoreEvent succeeded = StoreEvent.backupEnded(UUID.randomUUID(), 4, StoreEventType.BACKUP_SUCCEEDED,
                StepName.BACKUP, "backed up", null, new StoreEvent.BackupReport(backup, 1234L));
        assertThat(MessageCodec.decode(MessageCodec.encode(succeeded), StoreEvent.class)).isEqualTo(succeeded);
        // One backup ends once: the same outcome twice is the same event, which the timeline records once.
        assertThat(StoreEvent.backupEnded(succeeded.storeId(), 4, StoreEventType.BACKUP_SUCCEEDED, StepName.BACKUP,
                "again", null, new StoreEvent.BackupReport(backup, 1234L)).eventId()).isEqualTo(succeeded.eventId());
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
