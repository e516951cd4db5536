package io.storeorchestrator.worker.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how store backups go: S3-compatible object storage, bound from {@code backups.*} (application.yml maps each
 * one from its environment variable; the chart's {@code backups.*} values map onto them, the keys from an existing
 * Secret). Backups are off while no bucket is set: the worker then fails a backup command at once, and the API, which
 * knows the same from {@code API_BACKUPS_ENABLED}, refuses backups and restores with 409 {@code BACKUPS_NOT_CONFIGURED}.
 *
 * @param endpoint        {@code BACKUP_S3_ENDPOINT} (empty = AWS's regional endpoint): the S3 API's base URL, e.g.
 *                        {@code http://minio.storage:9000}
 * @param bucket          {@code BACKUP_S3_BUCKET} (empty = backups off): the bucket every backup goes to
 * @param region          {@code BACKUP_S3_REGION} (us-east-1): signing region
 * @param pathStyle       {@code BACKUP_S3_PATH_STYLE} (false): {@code endpoint/bucket/key} rather than
 *                        {@code bucket.endpoint/key}; MinIO and most self-hosted servers want true
 * @param accessKeyId     {@code BACKUP_S3_ACCESS_KEY_ID}: from a Secret, never in values in clear; copied into each store
 *                        namespace's {@code backup-credentials} Secret, which the Jobs read by secretKeyRef
 * @param secretAccessKey {@code BACKUP_S3_SECRET_ACCESS_KEY}: likewise; never logged, never in an event or a spec
 * @param prefix          {@code BACKUP_S3_PREFIX} (store-backups): key prefix; a backup lives under
 *                        {@code <prefix>/<store id>/<backup id>/}
 * @param uploaderImage   {@code BACKUP_UPLOADER_IMAGE} (amazon/aws-cli:2.22.35): the image whose {@code aws s3 cp}
 *                        uploads and downloads the dumps
 * @param jobDeadline     {@code BACKUP_JOB_DEADLINE} (10m): activeDeadlineSeconds of a backup or restore Job; keep it
 *                        within {@code API_PROVISIONING_TIMEOUT}, the deadline of the command that waits for it
 */
@ConfigurationProperties("backups")
public record BackupSettings(
        @Nullable String endpoint,
        @Nullable String bucket,
        String region,
        boolean pathStyle,
        @Nullable String accessKeyId,
        @Nullable String secretAccessKey,
        String prefix,
        String uploaderImage,
        Duration jobDeadline) {

    public static final String DEFAULT_UPLOADER_IMAGE = "amazon/aws-cli:2.22.35";

    public BackupSettings {
        region = blank(region) ? "us-east-1" : region.trim();
        prefix = blank(prefix) ? "store-backups" : prefix.trim().replaceAll("^/+|/+$", "");
        uploaderImage = blank(uploaderImage) ? DEFAULT_UPLOADER_IMAGE : uploaderImage.trim();
        jobDeadline = jobDeadline == null ? Duration.ofMinutes(10) : jobDeadline;
        if (jobDeadline.toSeconds() < 1) {
            throw new IllegalArgumentException("BACKUP_JOB_DEADLINE must be at least 1s");
        }
        if (!blank(bucket) && (blank(accessKeyId) || blank(secretAccessKey))) {
            throw new IllegalArgumentException("BACKUP_S3_BUCKET is set: BACKUP_S3_ACCESS_KEY_ID and"
                    + " BACKUP_S3_SECRET_ACCESS_KEY must be set too");
        }
    }

    /** Backups off: no bucket. */
    public static BackupSettings disabled() {
        return new BackupSettings(null, null, null, false, null, null, null, null, null);
    }

    /** Whether backups are configured. */
    public boolean enabled() {
        return !blank(bucket);
    }

    /** The S3 API's base URL: the endpoint set, or AWS's for the region. */
    public URI endpointUri() {
        return URI.create(blank(endpoint) ? "https://s3." + region + ".amazonaws.com" : endpoint.trim().replaceAll("/+$", ""));
    }

    /** The port Jobs reach object storage on, for their NetworkPolicy. */
    public int endpointPort() {
        URI uri = endpointUri();
        return uri.getPort() > 0 ? uri.getPort() : "http".equals(uri.getScheme()) ? 80 : 443;
    }

    /** The endpoint the AWS CLI in a Job is given, when not AWS's own. */
    public Optional<String> customEndpoint() {
        return blank(endpoint) ? Optional.empty() : Optional.of(endpointUri().toString());
    }

    /** Never the keys: this record's default toString would print them. */
    @Override
    public String toString() {
        return "BackupSettings[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + ", pathStyle="
                + pathStyle + ", prefix=" + prefix + ", uploaderImage=" + uploaderImage + ", jobDeadline="
                + jobDeadline + "]";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
