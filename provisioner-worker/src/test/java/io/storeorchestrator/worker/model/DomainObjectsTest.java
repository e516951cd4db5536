package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The custom-domain objects of a store (issue 11), field by field. */
class DomainObjectsTest {

    private static final WorkerConfig TLS = WorkerConfig.defaults().withDomainCertIssuer("letsencrypt-http", null);
    private static final StoreSpec STORE = Fixtures.woo().withCustomHosts(List.of("www.shop.example", "shop.example"));

    @Test
    void aStoreWithoutCustomHostsHasNoneOfTheseObjectsAndNoDomainsStep() {
        assertThat(DomainObjects.all(Fixtures.woo(), TLS)).isEmpty();
        assertThat(stepNames(Fixtures.woo())).doesNotContain(StepName.DOMAINS);
        assertThat(StoreObjects.all(Fixtures.woo(), TLS)).noneMatch(o -> o instanceof GenericKubernetesResource);
    }

    @Test
    void theDomainsIngressRoutesEachHostToTheAppWithItsCertificatesSecret() {
        Ingress ingress = DomainObjects.ingress(STORE, TLS).orElseThrow();
        assertThat(ingress.getMetadata().getName()).isEqualTo("storefront-domains");
        assertThat(ingress.getMetadata().getNamespace()).isEqualTo(STORE.namespace());
        assertThat(ingress.getMetadata().getLabels()).containsAllEntriesOf(STORE.labels())
                .containsEntry("app.kubernetes.io/component", "custom-domain")
                .containsEntry("app.kubernetes.io/name", "storefront-domains");
        assertThat(ingress.getMetadata().getAnnotations()).as("no ingress-shim: the Certificates are ours")
                .isNullOrEmpty();
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getRules()).extracting(rule -> rule.getHost())
                .containsExactly("shop.example", "www.shop.example");
        assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getHttp().getPaths())
                .singleElement().satisfies(path -> {
                    assertThat(path.getPath()).isEqualTo("/");
                    assertThat(path.getPathType()).isEqualTo("Prefix");
                    assertThat(path.getBackend().getService().getName()).isEqualTo("wordpress");
                    assertThat(path.getBackend().getService().getPort().getNumber()).isEqualTo(80);
                }));
        assertThat(ingress.getSpec().getTls()).satisfiesExactly(
                tls -> {
                    assertThat(tls.getHosts()).containsExactly("shop.example");
                    assertThat(tls.getSecretName()).isEqualTo(DomainObjects.secretName("shop.example"));
                },
                tls -> assertThat(tls.getHosts()).containsExactly("www.shop.example"));
    }

    @Test
    void eachHostGetsACertManagerCertificateFromTheConfiguredIssuer() {
        List<GenericKubernetesResource> certificates = DomainObjects.certificates(STORE, TLS);
        assertThat(certificates).hasSize(2);
        GenericKubernetesResource certificate = certificates.getFirst();
        String name = DomainObjects.certificateName("shop.example");
        assertThat(name).matches("domain-shop-example-[0-9a-f]{8}");
        Map<String, Object> expected = Map.of(
                "apiVersion", "cert-manager.io/v1",
                "kind", "Certificate",
                "metadata", Map.of("name", name, "namespace", STORE.namespace(),
                        "labels", STORE.labels("custom-domain", name),
                        "annotations", Map.of("store-orchestrator.io/domain", "shop.example")),
                "spec", Map.of("secretName", name + "-tls", "dnsNames", List.of("shop.example"),
                        "issuerRef", Map.of("name", "letsencrypt-http", "kind", "ClusterIssuer",
                                "group", "cert-manager.io")));
        assertThat(asMap(certificate)).isEqualTo(expected);

        GenericKubernetesResource namespaced = DomainObjects.certificates(STORE,
                WorkerConfig.defaults().withDomainCertIssuer("shop-issuer", "Issuer")).getFirst();
        assertThat(asMap(namespaced)).extracting(m -> ((Map<?, ?>) ((Map<?, ?>) m.get("spec")).get("issuerRef")))
                .isEqualTo(Map.of("name", "shop-issuer", "kind", "Issuer", "group", "cert-manager.io"));
    }

    @Test
    void withoutAnIssuerTheHostsAreServedWithoutTlsOrCertificates() {
        Ingress ingress = DomainObjects.ingress(STORE, WorkerConfig.defaults()).orElseThrow();
        assertThat(ingress.getSpec().getTls()).isNullOrEmpty();
        assertThat(DomainObjects.certificates(STORE, WorkerConfig.defaults())).isEmpty();
    }

    @Test
    void namesFitALabelValueAndNeverCollide() {
        String long253 = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(59)) + ".ex";
        assertThat(DomainObjects.certificateName(long253)).hasSizeLessThanOrEqualTo(63).doesNotContain("--");
        assertThat(DomainObjects.certificateName("a-b.com")).isNotEqualTo(DomainObjects.certificateName("a.b-com"));
    }

    @Test
    void theDomainsStepRunsBesideTheIngressAndDriftSeesTheSameObjects() {
        assertThat(stepNames(STORE)).containsSubsequence(StepName.INGRESS, StepName.DOMAINS);
        assertThat(stepNames(Fixtures.medusa().withCustomHosts(List.of("shop.example"))))
                .containsSubsequence(StepName.INGRESS, StepName.DOMAINS);
        List<HasMetadata> all = StoreObjects.all(STORE, TLS);
        assertThat(all).filteredOn(o -> o.getMetadata().getName().equals("storefront-domains")).hasSize(1);
        assertThat(all).filteredOn(o -> o.getKind().equals("Certificate")).hasSize(2);
    }

    private static List<StepName> stepNames(StoreSpec store) {
        return Phase.steps(store.blueprint().phases(store, TLS)).map(StoreStep::name).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(GenericKubernetesResource resource) {
        return Serialization.unmarshal(Serialization.asJson(resource), Map.class);
    }
}
