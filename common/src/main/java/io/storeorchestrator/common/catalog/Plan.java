package io.storeorchestrator.common.catalog;

import java.util.Objects;

/**
 * A size of store a user picks: what the store may take from the cluster and what each of its containers gets.
 * Plans are configuration ({@link StoreCatalog}), not code; changing a plan's figures changes every store on it at its
 * next update or drift check.
 *
 * @param id                 the name clients send ({@code small})
 * @param description        one line for people
 * @param quota              the store namespace's ResourceQuota
 * @param app                requests and limits of the application container
 * @param database           requests and limits of the database container
 * @param databaseVolumeSize size of the database volume ({@code 2Gi}); a volume is never shrunk by an update
 * @param appReplicas        replicas of the application Deployment; above one, updates roll with none unavailable
 * @param contentVolumeSize  size of the volume of what a WooCommerce store's users upload and its plugins and themes
 *                           ({@code wp-content}); {@value #DEFAULT_CONTENT_VOLUME_SIZE} when a catalog written before
 *                           it existed leaves it out. Set when the volume is created, never changed by an update
 * @param backups            the plan's scheduled backups and how many are kept; null: none scheduled, all kept
 */
public record Plan(String id, String description, Quota quota, Resources app, Resources database,
                   String databaseVolumeSize, int appReplicas, String contentVolumeSize,
                   BackupPolicy backups) {

    /** The content volume of a plan that names none: an operator's catalog from before the field keeps loading. */
    public static final String DEFAULT_CONTENT_VOLUME_SIZE = "1Gi";

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(quota, "quota of plan " + id);
        Objects.requireNonNull(app, "app resources of plan " + id);
        Objects.requireNonNull(database, "database resources of plan " + id);
        Objects.requireNonNull(databaseVolumeSize, "databaseVolumeSize of plan " + id);
        description = description == null ? "" : description;
        contentVolumeSize = contentVolumeSize == null || contentVolumeSize.isBlank() ? DEFAULT_CONTENT_VOLUME_SIZE
                : contentVolumeSize.trim();
        if (appReplicas < 1) {
            throw new IllegalArgumentException("plan " + id + ": appReplicas must be at least 1");
        }
    }

    // Backups and restore (issue 11)
    /**
     * A plan's scheduled backups and how many of a store's backups are kept.
     *
     * @param every how often a READY store is backed up ({@code 24h}, {@code 90m}, {@code 7d}, or ISO-8601
     *              {@code PT24H}): the reaper asks for a backup once the store's newest manual or scheduled one is older
     *              (at once when it has none); null: no schedule
     * @param keep  how many of a store's newest backups (of any kind) are kept: after each backup, older ones are
     *              deleted from object storage and from the store's list
     */
    public record BackupPolicy(String every, int keep) {

        private static final java.util.regex.Pattern SIMPLE = java.util.regex.Pattern.compile("(\\d+)([smhd])");

        public BackupPolicy {
            if (keep < 1) {
                throw new IllegalArgumentException("backups.keep must be at least 1");
            }
            // The parameter, not the accessor: a compact constructor assigns the fields only after its body.
            if (parse(every).filter(interval -> interval.toMinutes() < 1).isPresent()) {
                throw new IllegalArgumentException("backups.every must be at least 1m");
            }
        }

        /** {@link #every} as a duration; empty when the plan has no schedule. */
        public java.util.Optional<java.time.Duration> interval() {
            return parse(every);
        }

        private static java.util.Optional<java.time.Duration> parse(String every) {
            if (every == null || every.isBlank()) {
                return java.util.Optional.empty();
            }
            java.util.regex.Matcher simple = SIMPLE.matcher(every.trim());
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                return java.util.Optional.of(switch (simple.group(2)) {
                    case "s" -> java.time.Duration.ofSeconds(amount);
                    case "m" -> java.time.Duration.ofMinutes(amount);
                    case "h" -> java.time.Duration.ofHours(amount);
                    default -> java.time.Duration.ofDays(amount);
                });
            }
            try {
                return java.util.Optional.of(java.time.Duration.parse(every.trim()));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("backups.every '" + every + "' is not a duration (24h, 90m, 7d)");
            }
        }
    }

    /**
     * The ResourceQuota of a store namespace.
     *
     * @param cpu     requests.cpu and limits.cpu ({@code 2})
     * @param memory  requests.memory and limits.memory ({@code 4Gi})
     * @param pods    pods
     * @param pvcs    persistent volume claims
     * @param storage requests.storage
     */
    public record Quota(String cpu, String memory, int pods, int pvcs, String storage) {
        public Quota {
            Objects.requireNonNull(cpu, "quota cpu");
            Objects.requireNonNull(memory, "quota memory");
            Objects.requireNonNull(storage, "quota storage");
        }
    }

    /** A container's requests and limits, as Kubernetes quantities. */
    public record Resources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
        public Resources {
            Objects.requireNonNull(cpuRequest, "cpuRequest");
            Objects.requireNonNull(memoryRequest, "memoryRequest");
            Objects.requireNonNull(cpuLimit, "cpuLimit");
            Objects.requireNonNull(memoryLimit, "memoryLimit");
        }
    }
}
