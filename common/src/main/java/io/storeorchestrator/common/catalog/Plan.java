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
 * @param backups            how many backups of a store are kept; null: all of them
 */
public record Plan(String id, String description, Quota quota, Resources app, Resources database,
                   String databaseVolumeSize, int appReplicas, BackupPolicy backups) {

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(quota, "quota of plan " + id);
        Objects.requireNonNull(app, "app resources of plan " + id);
        Objects.requireNonNull(database, "database resources of plan " + id);
        Objects.requireNonNull(databaseVolumeSize, "databaseVolumeSize of plan " + id);
        description = description == null ? "" : description;
        if (appReplicas < 1) {
            throw new IllegalArgumentException("plan " + id + ": appReplicas must be at least 1");
        }
    }

    // Backups and restore (issue 11)
    /**
     * How many backups of a plan's stores are kept.
     *
     * @param keep how many of a store's newest backups (of any kind) are kept: after each backup, older ones are
     *             deleted from object storage and from the store's list
     */
    public record BackupPolicy(int keep) {
        public BackupPolicy {
            if (keep < 1) {
                throw new IllegalArgumentException("backups.keep must be at least 1");
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
