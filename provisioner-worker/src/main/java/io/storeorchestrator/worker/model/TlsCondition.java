package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a store's Ingress gets TLS through cert-manager: met when WORKER_TLS_CLUSTER_ISSUER names an issuer.
 * Kept as an object so the Ingress builder asks one question instead of scattering {@code if}s.
 *
 * @param clusterIssuer the cert-manager ClusterIssuer, empty when TLS is off
 */
public record TlsCondition(Optional<String> clusterIssuer) {

    public static final String CLUSTER_ISSUER_ANNOTATION = "cert-manager.io/cluster-issuer";
    public static final String TLS_SECRET_NAME = "storefront-tls";

    public static TlsCondition from(WorkerConfig config) {
        return new TlsCondition(config.tlsIssuer());
    }

    public boolean isMet() {
        return clusterIssuer.isPresent();
    }

    /** Asks cert-manager for a certificate; nothing when the condition is not met. */
    public Map<String, String> annotations() {
        return clusterIssuer.map(issuer -> Map.of(CLUSTER_ISSUER_ANNOTATION, issuer)).orElse(Map.of());
    }

    /** Where cert-manager stores the certificate for {@code host}; nothing when the condition is not met. */
    public List<IngressTLS> tls(String host) {
        if (!isMet()) {
            return List.of();
        }
        return List.of(new IngressTLSBuilder().withHosts(host).withSecretName(TLS_SECRET_NAME).build());
    }
}
