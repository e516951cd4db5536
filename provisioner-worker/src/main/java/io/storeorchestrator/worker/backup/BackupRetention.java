package io.storeorchestrator.worker.backup;

import io.storeorchestrator.worker.model.BackupLocation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which of a store's backups are past its plan's retention, from a listing of its objects alone. A backup counts once
 * its manifest is there (the upload's last write); the newest {@code keep} of those (by the manifest's time, then by
 * the time-ordered backup id) are kept, and the one just taken always is. A directory without a manifest (an upload cut short) is left alone: it may be one still being written.
 */
public final class BackupRetention {

    /** A backup found in object storage: its id, when its manifest was written, and all its objects' keys. */
    public record StoredBackup(UUID id, Instant completedAt, List<String> keys) {
    }

    private BackupRetention() {
    }

    /**
     * @param storeDirectory {@code <prefix>/<store id>/}, the listing's prefix
     * @param objects        the listing
     * @param keep           how many backups to keep
     * @param current        the backup just taken: never one to delete
     * @return the backups to delete, newest first
     */
    public static List<StoredBackup> pastRetention(String storeDirectory, List<ObjectStorage.StoredObject> objects,
                                                   int keep, UUID current) {
        Map<UUID, List<ObjectStorage.StoredObject>> byBackup = new LinkedHashMap<>();
        for (ObjectStorage.StoredObject object : objects) {
            backupOf(storeDirectory, object.key()).ifPresent(id -> byBackup.computeIfAbsent(id, k -> new ArrayList<>())
                    .add(object));
        }
        List<StoredBackup> complete = new ArrayList<>();
        byBackup.forEach((id, stored) -> stored.stream()
                .filter(object -> object.key().endsWith("/" + BackupLocation.MANIFEST)).findFirst()
                .ifPresent(manifest -> complete.add(new StoredBackup(id, manifest.lastModified(),
                        stored.stream().map(ObjectStorage.StoredObject::key).toList()))));
        // Object storage dates objects to the second; backup ids are time-ordered (UUIDv7, made by the API), so within
        // one second the later id is the newer backup.
        complete.sort(Comparator.comparing(StoredBackup::completedAt).thenComparing(StoredBackup::id).reversed());
        List<StoredBackup> kept = new ArrayList<>();
        List<StoredBackup> past = new ArrayList<>();
        complete.stream().filter(backup -> backup.id().equals(current)).forEach(kept::add);
        for (StoredBackup backup : complete) {
            if (backup.id().equals(current)) {
                continue;
            }
            (kept.size() < keep ? kept : past).add(backup);
        }
        return past;
    }

    /** The backup id a key is under, when it is {@code <store directory><uuid>/<file>}. */
    private static Optional<UUID> backupOf(String storeDirectory, String key) {
        if (!key.startsWith(storeDirectory)) {
            return Optional.empty();
        }
        String rest = key.substring(storeDirectory.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(rest.substring(0, slash)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not one of ours
        }
    }
}
