package io.storeorchestrator.api.backup;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The API's side of backups, bound from {@code backups.*}.
 *
 * @param enabled {@code API_BACKUPS_ENABLED} (false): whether the workers have object storage (BACKUP_S3_BUCKET set);
 *                off, backups and restores answer 409 BACKUPS_NOT_CONFIGURED and nothing is queued for the workers
 */
@ConfigurationProperties("backups")
public record BackupsConfig(boolean enabled) {
}
