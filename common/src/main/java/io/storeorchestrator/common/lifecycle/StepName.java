package io.storeorchestrator.common.lifecycle;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every step name that appears in a store's timeline, declared once. Events carry the {@link #id()} on the wire, so
 * a consumer that meets a step it does not know (a newer producer) still records it.
 */
public enum StepName {
    /** The API accepted a create. */
    CREATE("create"),
    /** The API accepted a retry of a FAILED store. */
    RETRY("retry"),
    /** The API accepted a delete. */
    DELETE("delete"),
    /** The API accepted an update (PATCH of version or plan); a worker applies it under the same name. */
    UPDATE("update"),
    /** The API accepted a rollback to a revision; also the worker's automatic rollback of a failed update. */
    ROLLBACK("rollback"),

    /** A worker began (or resumed) provisioning. */
    PROVISION("provision"),
    NAMESPACE("namespace"),
    RESOURCE_QUOTA("resource-quota"),
    LIMIT_RANGE("limit-range"),
    NETWORK_POLICIES("network-policies"),
    SECRET("secret"),
    SERVICES("services"),
    DATABASE("database"),
    // WooCommerce content volume (issue 11 follow-up)
    /** WooCommerce: the wp-content volume (uploads, plugins, themes) every app pod and the template Job mount. */
    CONTENT("content"),
    /** Medusa: the Redis its version needs. */
    CACHE("cache"),
    /** Medusa: the store waits, holding nothing, until its database serves, so the migration can run. */
    WAIT_DATABASE("wait-database"),
    /** Medusa: the Job that runs the database migrations before the app starts. */
    MIGRATIONS("migrations"),
    /** Medusa: the Job that creates the admin user; its password lands only in a Secret. */
    ADMIN_USER("admin-user"),
    // Templates (issue 11)
    /** A store with a template waits, holding nothing, until its app serves: the template goes in after. */
    WAIT_APP("wait-app"),
    /** The Job that installs the store's template (a WooCommerce theme and plugins, a Medusa seed), once. */
    TEMPLATE("template"),
    APPLICATION("application"),
    INGRESS("ingress"),
    // Custom domains (issue 11)
    /** The store's custom-domain Ingress and a cert-manager Certificate per verified host; hosts removed are pruned. */
    DOMAINS("domains"),
    /** A custom domain was added or removed through the API. */
    DOMAIN("domain"),
    /** The API looked for a custom domain's TXT record. */
    DOMAIN_VERIFICATION("domain-verification"),
    /** The store's objects are applied; it waits, holding nothing, until its workloads serve. */
    WAIT_READY("wait-ready"),

    /** A READY store's objects were checked against what was applied, and corrected. */
    DRIFT("drift"),
    /** A READY store whose namespace vanished is provisioned again. */
    REPROVISION("reprovision"),

    /** A worker began (or resumed) tearing a store down. */
    TEARDOWN("teardown"),
    DELETE_NAMESPACE("delete-namespace"),
    WAIT_NAMESPACE_GONE("wait-namespace-gone"),

    /** A command was handed back by the broker too many times and gave up. */
    DELIVERY("delivery"),
    /** The reaper failed a store that was past its deadline. */
    DEADLINE("deadline"),
    /** The reaper re-sent a teardown that made no progress. */
    TEARDOWN_RESEND("teardown-resend"),
    /** The store's expiry: its notice, its deletion once expired, or a change of it through the API. */
    EXPIRY("expiry"),
    /** The reaper deletes a store FAILED for longer than REAPER_FAILED_RETENTION. */
    FAILED_RETENTION("failed-retention"),
    /** The reaper purges a store DELETED for longer than REAPER_DELETED_RETENTION. */
    DELETED_RETENTION("deleted-retention"),
    /** The reaper compared the live stores with the namespaces in the cluster. */
    NAMESPACE_CHECK("namespace-check"),

    // Backups and restore (issue 11)
    /** A backup: its Job dumps the database to object storage; the worker checks the upload and reports its size. */
    BACKUP("backup"),
    /** A restore: accepted by the API, and each of its ends (restored, or put back as it was). */
    RESTORE("restore"),
    /** A restore first backs up the store as it is, so a failed restore can put it back. */
    PRE_RESTORE_BACKUP("pre-restore-backup"),
    /** The app is scaled to zero (through its builder) so nothing writes while the dump loads. */
    STOP_APP("stop-app"),
    /** The Job that loads the backup into the store's database. */
    RESTORE_DATA("restore-data"),
    /** The store's objects applied again (the app back at its plan's replicas), and waited for. */
    START_APP("start-app"),
    /** The restore failed: the pre-restore backup is loaded back. */
    PUT_BACK("put-back"),
    /** After a put-back: the app back at its plan's replicas, and waited for. */
    PUT_BACK_START_APP("put-back-start-app");

    private final String id;

    StepName(String id) {
        this.id = id;
    }

    /** The name in events and the API ({@code wait-ready}). */
    public String id() {
        return id;
    }

    public static Optional<StepName> fromId(String id) {
        return Arrays.stream(values()).filter(step -> step.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
