package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.storeorchestrator.worker.config.WorkerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IngressObjectsTest {

    @Test
    void routesTheStoreHostToTheAppServiceWithoutTlsByDefault() {
        Ingress ingress = IngressObjects.ingress(Fixtures.woo(), WorkerConfig.defaults());

        assertThat(ingress.getMetadata().getName()).isEqualTo("storefront");
        assertThat(ingress.getMetadata().getLabels()).containsAllEntriesOf(Fixtures.woo().labels());
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("shop.localtest.me");
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPath()).isEqualTo("/");
                assertThat(path.getPathType()).isEqualTo("Prefix");
                assertThat(path.getBackend().getService().getName()).isEqualTo("wordpress");
                assertThat(path.getBackend().getService().getPort().getNumber()).isEqualTo(80);
            });
        });
        assertThat(ingress.getSpec().getTls()).isNullOrEmpty();
        assertThat(ingress.getMetadata().getAnnotations()).doesNotContainKey(TlsCondition.CLUSTER_ISSUER_ANNOTATION);
    }

    @Test
    void withAClusterIssuerAsksCertManagerForACertificate() {
        Ingress ingress = IngressObjects.ingress(Fixtures.woo(), WorkerConfig.defaults().withTlsClusterIssuer("letsencrypt"));

        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry(TlsCondition.CLUSTER_ISSUER_ANNOTATION, "letsencrypt");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getHosts()).containsExactly("shop.localtest.me");
            assertThat(tls.getSecretName()).isEqualTo(TlsCondition.TLS_SECRET_NAME);
        });
    }

    @Test
    void aBlankIssuerMeansNoTls() {
        assertThat(TlsCondition.from(WorkerConfig.defaults().withTlsClusterIssuer("  ")).isMet()).isFalse();
        assertThat(TlsCondition.from(WorkerConfig.defaults().withTlsClusterIssuer("ca")).isMet()).isTrue();
    }
}
