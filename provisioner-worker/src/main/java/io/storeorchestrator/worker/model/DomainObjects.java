package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.storeorchestrator.common.naming.StoreLabels;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store's custom domains (issue 11), served beside its platform host: one Ingress, {@value #INGRESS_NAME}, with a
 * rule per verified host to the app Service, and, when DOMAIN_CERT_ISSUER names an issuer, a cert-manager
 * {@code Certificate} per host whose Secret the Ingress's TLS entry names.
 *
 * <p>A separate Ingress, not more rules on {@code storefront}: that one carries cert-manager's ingress-shim annotation
 * when WORKER_TLS_CLUSTER_ISSUER is set, and the shim would then make Certificates of its own for every TLS entry on
 * it, racing ours. Here the Certificates are objects the platform builds and prunes itself, with their own issuer.
 */
public final class DomainObjects {

    public static final String INGRESS_NAME = "storefront-domains";
    /** The component label of every custom-domain object: what pruning selects on. */
    public static final String COMPONENT_CUSTOM_DOMAIN = "custom-domain";
    /** The full host a Certificate is for; its name is shortened and hashed to fit a label value. */
    public static final String HOST_ANNOTATION = StoreLabels.DOMAIN + "/domain";
    public static final String CERTIFICATE_API_VERSION = "cert-manager.io/v1";
    public static final String CERTIFICATE_KIND = "Certificate";

    private static final int SLUG_MAX = 45;

    private DomainObjects() {
    }

    /** Everything the store's custom domains need: their Ingress, then a Certificate per host; nothing without hosts. */
    public static List<HasMetadata> all(StoreSpec store, WorkerConfig config) {
        return StoreSteps.domains(store, config).map(StoreStep::objects).orElse(List.of());
    }

    /** The Ingress of the store's custom hosts; empty when it has none (and any there is, is deleted). */
    public static Optional<Ingress> ingress(StoreSpec store, WorkerConfig config) {
        if (store.customHosts().isEmpty()) {
            return Optional.empty();
        }
        boolean tls = config.domainIssuer().isPresent();
        List<IngressTLS> tlsEntries = tls ? store.customHosts().stream().map(host -> new IngressTLSBuilder()
                .withHosts(host).withSecretName(secretName(host)).build()).toList() : List.of();
        List<IngressRule> rules = store.customHosts().stream().map(host -> new IngressRuleBuilder()
                .withHost(host).withNewHttp().withPaths(IngressObjects.storefrontPath(store)).endHttp().build()).toList();
        return Optional.of(new IngressBuilder()
                .withNewMetadata()
                .withName(INGRESS_NAME)
                .withNamespace(store.namespace())
                .withLabels(store.labels(COMPONENT_CUSTOM_DOMAIN, INGRESS_NAME))
                .endMetadata()
                .withNewSpec()
                .withIngressClassName(config.ingressClass())
                .withTls(tlsEntries)
                .withRules(rules)
                .endSpec()
                .build());
    }

    /** One Certificate per custom host, when custom domains get TLS; none otherwise. */
    public static List<GenericKubernetesResource> certificates(StoreSpec store, WorkerConfig config) {
        Optional<String> issuer = config.domainIssuer();
        if (issuer.isEmpty()) {
            return List.of();
        }
        return store.customHosts().stream().map(host -> certificate(store, host, issuer.get(),
                config.domainIssuerKind())).toList();
    }

    static GenericKubernetesResource certificate(StoreSpec store, String host, String issuer, String issuerKind) {
        Map<String, Object> issuerRef = new LinkedHashMap<>();
        issuerRef.put("name", issuer);
        issuerRef.put("kind", issuerKind);
        issuerRef.put("group", "cert-manager.io");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("secretName", secretName(host));
        spec.put("dnsNames", List.of(host));
        spec.put("issuerRef", issuerRef);
        String name = certificateName(host);
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(CERTIFICATE_API_VERSION)
                .withKind(CERTIFICATE_KIND)
                .withNewMetadata()
                .withName(name)
                .withNamespace(store.namespace())
                .withLabels(store.labels(COMPONENT_CUSTOM_DOMAIN, name))
                .withAnnotations(Map.of(HOST_ANNOTATION, host))
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }

    /**
     * {@code domain-shop-example-com-1a2b3c4d}: the host, dots as dashes, cut to fit a label value (63), and a hash of
     * the whole host, so two hosts never share a name ({@code a-b.com} and {@code a.b-com} would otherwise).
     */
    public static String certificateName(String host) {
        String slug = host.replace('.', '-');
        if (slug.length() > SLUG_MAX) {
            slug = slug.substring(0, SLUG_MAX);
        }
        while (slug.endsWith("-")) {
            slug = slug.substring(0, slug.length() - 1);
        }
        return "domain-" + slug + "-" + hash(host);
    }

    /** Where cert-manager keeps the host's key and certificate; the Ingress's TLS entry names it. */
    public static String secretName(String host) {
        return certificateName(host) + "-tls";
    }

    private static String hash(String host) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(host.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
