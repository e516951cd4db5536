package io.storeorchestrator.worker.model;

import java.util.Objects;
import java.util.UUID;

/**
 * Where one backup lives in the bucket: {@code <prefix>/<store id>/<backup id>/}, holding {@code db.sql.gz} (the
 * compressed dump) and {@code manifest.json} (what it is of). Keys hold ids only, never a name a user chose.
 *
 * @param prefix  {@code BACKUP_S3_PREFIX}
 * @param storeId the store the backup was taken of
 * @param backupId the backup
 */
public record BackupLocation(String prefix, UUID storeId, UUID backupId) {

    public static final String DUMP = "db.sql.gz";
    public static final String MANIFEST = "manifest.json";
    /** A WooCommerce store's wp-content volume (uploads, themes, plugins), tarred and gzipped; Medusa has none. */
    public static final String UPLOADS = "uploads.tar.gz";

    public BackupLocation {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(backupId, "backupId");
    }

    /** The backup's "directory", without a trailing slash. */
    public String directory() {
        return storeDirectory() + backupId;
    }

    /** Where all the store's backups live, with a trailing slash: {@code <prefix>/<store id>/}. */
    public String storeDirectory() {
        return (prefix.isEmpty() ? "" : prefix + "/") + storeId + "/";
    }

    public String dumpKey() {
        return directory() + "/" + DUMP;
    }

    public String uploadsKey() {
        return directory() + "/" + UPLOADS;
    }

    public String manifestKey() {
        return directory() + "/" + MANIFEST;
    }
}
