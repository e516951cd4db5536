package io.storeorchestrator.worker.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the provisioner worker, bound from {@code worker.*} (application.yml maps each one from its
 * environment variable). Helm values and docker-compose use exactly these env names. RabbitMQ ({@code RABBITMQ_*}) and
 * the Kubernetes client ({@code KUBERNETES_*}) are common's {@link io.storeorchestrator.common.messaging.RabbitSettings}
 * and {@link io.storeorchestrator.common.kubernetes.KubernetesSettings}, shared with the other services. What a store
 * may use (quota, container resources, database volume, replicas) is its plan, from the store catalog
 * ({@code STORE_CATALOG_FILE}), not a worker setting.
 *
 * @param concurrency              {@code WORKER_CONCURRENCY} (4): steps executed at once (each a Kubernetes write or a
 *                                 readiness look), and the consumer prefetch; stores that wait for readiness do not
 *                                 count against it
 * @param recheckInterval          {@code WORKER_RECHECK_INTERVAL} (30s): how often a waiting store is looked at again
 *                                 when no watch event woke it first (a durable, delayed message: it survives the
 *                                 worker)
 * @param leaseDuration            {@code WORKER_LEASE_DURATION} (30s): how long a store's lease lasts without being
 *                                 renewed; a worker that dies mid-step blocks the store's next command this long
 * @param busyRetryDelay           {@code WORKER_BUSY_RETRY_DELAY} (2s): when another command holds the store, this one
 *                                 is parked for this long, holding nothing, instead of waiting in a slot
 * @param watchEnabled             {@code WORKER_WATCH_ENABLED} (true): watch the platform's workloads (informers) to
 *                                 read readiness from a cache and wake waiting stores at once; off, waiting stores
 *                                 are looked at every recheck interval through the API server
 * @param unschedulableGrace       {@code WORKER_UNSCHEDULABLE_GRACE} (60s): how long a pod may stay Unschedulable
 *                                 before the store fails
 * @param namespaceDeleteTimeout   {@code WORKER_NAMESPACE_DELETE_TIMEOUT} (5m): how long a teardown waits for the
 *                                 namespace to disappear before it is requeued
 * @param ingressClass             {@code WORKER_INGRESS_CLASS} (nginx): ingressClassName of every store Ingress
 * @param ingressControllerNamespace {@code WORKER_INGRESS_CONTROLLER_NAMESPACE} (ingress-nginx): the only namespace
 *                                 allowed to reach the store's app pods
 * @param tlsClusterIssuer         {@code WORKER_TLS_CLUSTER_ISSUER} (empty = no TLS): cert-manager ClusterIssuer
 * @param storageClass             {@code WORKER_STORAGE_CLASS} (empty = cluster default): database volume class
 * @param kubernetesRetryAttempts  {@code WORKER_KUBERNETES_RETRY_ATTEMPTS} (5): attempts of a Kubernetes call that
 *                                 fails transiently (5xx, 429, I/O) before the step fails
 * @param kubernetesRetryBackoff   {@code WORKER_KUBERNETES_RETRY_BACKOFF} (500ms): first back-off, doubled per attempt
 * @param driftCheckInterval       {@code WORKER_DRIFT_CHECK_INTERVAL} (60s): the longest a READY store's objects may
 *                                 differ from what the platform applied before they are applied again (changes the
 *                                 watches see, to Deployments, StatefulSets and namespaces, are corrected within
 *                                 seconds); each store is checked by one worker at a time, about twice per interval
 * @param driftCorrectionEnabled   {@code WORKER_DRIFT_CORRECTION_ENABLED} (true): check READY stores for drift and
 *                                 correct it, re-provisioning a store whose namespace was deleted; false leaves
 *                                 READY stores alone, whatever happens to their objects
 * @param recoveryTimeout          {@code WORKER_RECOVERY_TIMEOUT} (10m): the deadline of the commands a worker sends
 *                                 itself to recover a store, counted from when it sends them: the automatic rollback
 *                                 of a failed update, and the re-provisioning of a store whose namespace vanished
 * @param domainCertIssuer         {@code DOMAIN_CERT_ISSUER} (empty = no TLS for custom domains): the cert-manager
 *                                 issuer of each verified custom domain's Certificate (issue 11)
 * @param domainCertIssuerKind     {@code DOMAIN_CERT_ISSUER_KIND} (ClusterIssuer): ClusterIssuer, or Issuer (one in
 *                                 each store's namespace)
 * @param contentStorageClass      {@code WORKER_CONTENT_STORAGE_CLASS} (empty = cluster default): StorageClass of a
 *                                 WooCommerce store's wp-content volume (its size is the plan's)
 * @param contentAccessMode        {@code WORKER_CONTENT_ACCESS_MODE} (ReadWriteOnce): ReadWriteOnce keeps every app pod
 *                                 (and the template Job) on one node beside the volume, and works on any storage;
 *                                 ReadWriteMany lets them spread over nodes, and needs a class that offers it (NFS,
 *                                 CephFS, EFS...)
 */
@ConfigurationProperties("worker")
public record WorkerConfig(
        int concurrency,
        Duration recheckInterval,
        Duration leaseDuration,
        Duration busyRetryDelay,
        boolean watchEnabled,
        Duration unschedulableGrace,
        Duration namespaceDeleteTimeout,
        String ingressClass,
        String ingressControllerNamespace,
        @Nullable String tlsClusterIssuer,
        @Nullable String storageClass,
        int kubernetesRetryAttempts,
        Duration kubernetesRetryBackoff,
        Duration driftCheckInterval,
        boolean driftCorrectionEnabled,
        Duration recoveryTimeout,
        @Nullable String domainCertIssuer,
        @Nullable String domainCertIssuerKind,
        @Nullable String contentStorageClass,
        @Nullable String contentAccessMode) {

    /** WORKER_CONTENT_ACCESS_MODE's default: what every storage class offers, k3s' local-path among them. */
    public static final String READ_WRITE_ONCE = "ReadWriteOnce";
    /** Pods on several nodes mount the volume at once. */
    public static final String READ_WRITE_MANY = "ReadWriteMany";

    public WorkerConfig {
        if (concurrency < 1) {
            throw new IllegalArgumentException("WORKER_CONCURRENCY must be at least 1");
        }
        if (recheckInterval.isNegative() || recheckInterval.isZero() || leaseDuration.toSeconds() < 1) {
            throw new IllegalArgumentException("WORKER_RECHECK_INTERVAL must be positive, WORKER_LEASE_DURATION at least 1s");
        }
        if (kubernetesRetryAttempts < 1) {
            throw new IllegalArgumentException("WORKER_KUBERNETES_RETRY_ATTEMPTS must be at least 1");
        }
        if (driftCheckInterval.toSeconds() < 1 || recoveryTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("WORKER_DRIFT_CHECK_INTERVAL and WORKER_RECOVERY_TIMEOUT must be at least 1s");
        }
        if (domainCertIssuerKind != null && !domainCertIssuerKind.isBlank()
                && !List.of("ClusterIssuer", "Issuer").contains(domainCertIssuerKind.trim())) {
            throw new IllegalArgumentException("DOMAIN_CERT_ISSUER_KIND must be ClusterIssuer or Issuer, got '"
                    + domainCertIssuerKind + "'");
        }
        if (contentAccessMode != null && !contentAccessMode.isBlank()
                && !List.of(READ_WRITE_ONCE, READ_WRITE_MANY).contains(contentAccessMode.trim())) {
            throw new IllegalArgumentException("WORKER_CONTENT_ACCESS_MODE must be ReadWriteOnce or ReadWriteMany, "
                    + "got '" + contentAccessMode + "'");
        }
    }

    /** The cert-manager ClusterIssuer, when TLS is wanted. */
    public Optional<String> tlsIssuer() {
        return blankToEmpty(tlsClusterIssuer);
    }

    /** The cert-manager issuer of custom domains' Certificates, when they get TLS. */
    public Optional<String> domainIssuer() {
        return blankToEmpty(domainCertIssuer);
    }

    /** ClusterIssuer unless set otherwise. */
    public String domainIssuerKind() {
        return blankToEmpty(domainCertIssuerKind).orElse("ClusterIssuer");
    }

    /** The StorageClass of WooCommerce content volumes, when not the cluster default. */
    public Optional<String> contentVolumeStorageClass() {
        return blankToEmpty(contentStorageClass);
    }

    /** ReadWriteOnce unless set otherwise. */
    public String contentVolumeAccessMode() {
        return blankToEmpty(contentAccessMode).orElse(READ_WRITE_ONCE);
    }

    /** Whether the content volume can be mounted on one node only, so every pod that mounts it must run there. */
    public boolean contentVolumeOnOneNode() {
        return READ_WRITE_ONCE.equals(contentVolumeAccessMode());
    }

    /** The StorageClass of database volumes, when not the cluster default. */
    public Optional<String> databaseStorageClass() {
        return blankToEmpty(storageClass);
    }

    /** The documented defaults; what tests and builders start from. */
    public static WorkerConfig defaults() {
        return new WorkerConfig(4, Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(2), true,
                Duration.ofSeconds(60),
                Duration.ofMinutes(5), "nginx", "ingress-nginx", null, null, 5, Duration.ofMillis(500),
                Duration.ofSeconds(60), true, Duration.ofMinutes(10), null, null, null, null);
    }

    public WorkerConfig withTlsClusterIssuer(String issuer) {
        return new WorkerConfig(concurrency, recheckInterval, leaseDuration, busyRetryDelay, watchEnabled,
                unschedulableGrace, namespaceDeleteTimeout,
                ingressClass, ingressControllerNamespace, issuer, storageClass, kubernetesRetryAttempts,
                kubernetesRetryBackoff, driftCheckInterval, driftCorrectionEnabled, recoveryTimeout, domainCertIssuer,
                domainCertIssuerKind, contentStorageClass, contentAccessMode);
    }

    public WorkerConfig withStorageClass(String storageClassName) {
        return new WorkerConfig(concurrency, recheckInterval, leaseDuration, busyRetryDelay, watchEnabled,
                unschedulableGrace, namespaceDeleteTimeout,
                ingressClass, ingressControllerNamespace, tlsClusterIssuer, storageClassName, kubernetesRetryAttempts,
                kubernetesRetryBackoff, driftCheckInterval, driftCorrectionEnabled, recoveryTimeout, domainCertIssuer,
                domainCertIssuerKind, contentStorageClass, contentAccessMode);
    }

    public WorkerConfig withDomainCertIssuer(String issuer, String kind) {
        return new WorkerConfig(concurrency, recheckInterval, leaseDuration, busyRetryDelay, watchEnabled,
                unschedulableGrace, namespaceDeleteTimeout,
                ingressClass, ingressControllerNamespace, tlsClusterIssuer, storageClass, kubernetesRetryAttempts,
                kubernetesRetryBackoff, driftCheckInterval, driftCorrectionEnabled, recoveryTimeout, issuer, kind,
                contentStorageClass, contentAccessMode);
    }

    /** These settings with WooCommerce content volumes of {@code storageClassName} (null: the cluster default). */
    public WorkerConfig withContentVolume(String storageClassName, String accessMode) {
        return new WorkerConfig(concurrency, recheckInterval, leaseDuration, busyRetryDelay, watchEnabled,
                unschedulableGrace, namespaceDeleteTimeout,
                ingressClass, ingressControllerNamespace, tlsClusterIssuer, storageClass, kubernetesRetryAttempts,
                kubernetesRetryBackoff, driftCheckInterval, driftCorrectionEnabled, recoveryTimeout, domainCertIssuer,
                domainCertIssuerKind, storageClassName, accessMode);
    }

    private static Optional<String> blankToEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
