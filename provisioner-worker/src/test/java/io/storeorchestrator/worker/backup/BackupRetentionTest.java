package io.storeorchestrator.worker.backup;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class BackupRetentionTest {

    private static final String STORE = "store-backups/11111111-2222-4333-8444-555555555555/";
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private final List<ObjectStorage.StoredObject> listing = new ArrayList<>();

    private UUID backup(int hoursAfterT0, boolean complete) {
        UUID id = UUID.randomUUID();
        Instant at = T0.plusSeconds(hoursAfterT0 * 3600L);
        listing.add(new ObjectStorage.StoredObject(STORE + id + "/db.sql.gz", 100, at));
        if (complete) {
            listing.add(new ObjectStorage.StoredObject(STORE + id + "/manifest.json", 10, at.plusSeconds(1)));
        }
        return id;
    }

    @Test
    void theNewestAreKeptAndTheOlderOnesGoWithAllTheirObjects() {
        UUID oldest = backup(1, true);
        UUID older = backup(2, true);
        UUID newer = backup(3, true);
        UUID newest = backup(4, true);

        List<BackupRetention.StoredBackup> past = BackupRetention.pastRetention(STORE, listing, 2, newest);

        assertThat(past).extracting(BackupRetention.StoredBackup::id).containsExactly(older, oldest);
        assertThat(past.getFirst().keys()).containsExactlyInAnyOrder(STORE + older + "/db.sql.gz",
                STORE + older + "/manifest.json");
        assertThat(BackupRetention.pastRetention(STORE, listing, 4, newest)).isEmpty();
        assertThat(newer).isNotNull();
    }

    @Test
    void withinOneSecondTheLaterTimeOrderedIdIsTheNewer() {
        // Object storage dates to the second; the API's ids are UUIDv7: the millisecond first.
        UUID first = new UUID(0x0190_0000_0001_7000L, 0x8000_0000_0000_0001L);
        UUID second = new UUID(0x0190_0000_0002_7000L, 0x8000_0000_0000_0001L);
        UUID third = new UUID(0x0190_0000_0003_7000L, 0x8000_0000_0000_0001L);
        for (UUID id : List.of(second, third, first)) {
            listing.add(new ObjectStorage.StoredObject(STORE + id + "/manifest.json", 10, T0));
        }
        assertThat(BackupRetention.pastRetention(STORE, listing, 2, third))
                .extracting(BackupRetention.StoredBackup::id).containsExactly(first);
    }

    @Test
    void theBackupJustTakenIsKeptWhateverItsTimestampAndUnfinishedUploadsAreLeftAlone() {
        UUID current = backup(0, true); // a skewed clock: its manifest reads as the oldest
        UUID unfinished = backup(1, false);
        UUID other = backup(2, true);
        listing.add(new ObjectStorage.StoredObject(STORE + "not-a-uuid/db.sql.gz", 1, T0));
        listing.add(new ObjectStorage.StoredObject("elsewhere/" + UUID.randomUUID() + "/manifest.json", 1, T0));

        List<BackupRetention.StoredBackup> past = BackupRetention.pastRetention(STORE, listing, 1, current);

        assertThat(past).extracting(BackupRetention.StoredBackup::id).containsExactly(other);
        assertThat(past).extracting(BackupRetention.StoredBackup::id).doesNotContain(unfinished, current);
    }
}
