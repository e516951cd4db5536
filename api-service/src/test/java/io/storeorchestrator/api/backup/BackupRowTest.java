package io.storeorchestrator.api.backup;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class BackupRowTest {

    @Test
    void backupIdsAreVersion7AndSortAsTheyWereMade() {
        Instant at = Instant.parse("2026-12-02T09:00:00.123Z");
        UUID earlier = BackupRow.timeOrderedId(at);
        UUID later = BackupRow.timeOrderedId(at.plusMillis(1));

        assertThat(earlier.version()).isEqualTo(7);
        assertThat(earlier.variant()).isEqualTo(2);
        assertThat(earlier.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
        assertThat(later).isGreaterThan(earlier);
        assertThat(BackupRow.timeOrderedId(at)).isNotEqualTo(earlier);
    }
}
