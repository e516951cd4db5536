package io.storeorchestrator.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.storeorchestrator.api.support.TestDnsServer;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Custom domains (issue 11) through the REST API with the real services as processes and cluster-sim: the API looks
 * up TXT records through its production resolver (the JDK's JNDI DNS client) against a DNS server the test runs on
 * loopback, and the worker applies the custom-domain Ingress and cert-manager Certificates to the simulated cluster.
 * What is not real here: cert-manager (cluster-sim stores the Certificate; nothing issues it) and public DNS.
 */
class CustomDomainE2EIT {

    private static final String ISSUER = "letsencrypt-e2e";

    private static TestDnsServer dns;
    private static PlatformStack stack;
    private static ApiClient api;

    @BeforeAll
    static void startPlatform() {
        dns = TestDnsServer.start();
        stack = new PlatformStack(ClusterSimConfig.forTests());
        api = stack.startApi(Map.of(
                "PROVISIONING_TIMEOUT", "2m",
                "DOMAIN_DNS_SERVER", dns.address(),
                "DOMAIN_VERIFY_POLL", "200ms",
                "DOMAIN_VERIFY_INTERVAL", "200ms",
                "DOMAIN_VERIFY_MAX_INTERVAL", "500ms",
                "DOMAIN_VERIFY_TIMEOUT", "10s"));
        stack.startWorker("provisioner-worker-1", Map.of("DOMAIN_CERT_ISSUER", ISSUER));
    }

    @AfterAll
    static void stopPlatform() {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            if (dns != null) {
                dns.close();
            }
        }
    }

    @Test
    void aVerifiedDomainIsServedWithACertificateAndRemovingItTakesBoth() {
        String id = readyStore("domain-shop");
        String namespace = "store-" + id;

        ApiClient.Reply added = addDomain(id, "Shop.E2E-Example.com");
        assertThat(added.status()).as(added.body().toString()).isEqualTo(202);
        assertThat(added.body().path("state").asText()).isEqualTo("PENDING_VERIFICATION");
        String txtName = added.body().at("/txtRecord/name").asText();
        assertThat(txtName).isEqualTo("_store-orchestrator.shop.e2e-example.com");

        // Malformed, and held by this store: refused for any other.
        assertThat(addDomain(id, "*.e2e-example.com").body().at("/error/code").asText()).isEqualTo("INVALID_DOMAIN");
        String other = api.createStore("domain-rival", "woocommerce").body().path("id").asText();
        ApiClient.Reply taken = addDomain(other, "shop.e2e-example.com");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().at("/error/code").asText()).isEqualTo("DOMAIN_TAKEN");

        dns.publishTxt(txtName, added.body().at("/txtRecord/value").asText());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(domain(id, "shop.e2e-example.com").path("state").asText())
                        .isEqualTo("ACTIVE"));

        Ingress ingress = stack.kubernetes().network().v1().ingresses().inNamespace(namespace)
                .withName("storefront-domains").get();
        assertThat(ingress.getSpec().getRules()).singleElement()
                .satisfies(rule -> assertThat(rule.getHost()).isEqualTo("shop.e2e-example.com"));
        List<GenericKubernetesResource> certificates = certificates(namespace);
        assertThat(certificates).singleElement().satisfies(certificate -> {
            Map<?, ?> spec = (Map<?, ?>) certificate.getAdditionalProperties().get("spec");
            assertThat(spec.get("dnsNames")).isEqualTo(List.of("shop.e2e-example.com"));
            assertThat(((Map<?, ?>) spec.get("issuerRef")).get("name")).isEqualTo(ISSUER);
            assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls ->
                    assertThat(tls.getSecretName()).isEqualTo(spec.get("secretName")));
        });
        assertThat(stack.kubernetes().network().v1().ingresses().inNamespace(namespace).withName("storefront").get()
                .getSpec().getRules()).as("the platform host's Ingress is untouched").singleElement()
                .satisfies(rule -> assertThat(rule.getHost()).isEqualTo("domain-shop.localtest.me"));
        assertThat(api.status(id)).as("a domain never moves its store").isEqualTo("READY");
        assertThat(api.timeline(id)).anySatisfy(line -> assertThat(line).startsWith(
                        "DOMAIN_VERIFIED domain-verification: Custom domain shop.e2e-example.com verified"))
                .anySatisfy(line -> assertThat(line).startsWith(
                        "DOMAIN_ACTIVE domains: custom domain shop.e2e-example.com served, certificate domain-"));

        ApiClient.Reply removed = api.send("DELETE", "/api/v1/stores/" + id + "/domains/shop.e2e-example.com", null);
        assertThat(removed.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(stack.kubernetes().network().v1().ingresses().inNamespace(namespace)
                    .withName("storefront-domains").get()).isNull();
            assertThat(certificates(namespace)).isEmpty();
        });
        assertThat(addDomain(other, "shop.e2e-example.com").status()).as("free again").isEqualTo(202);
    }

    @Test
    void aDomainVerifiedWhileTheStoreIsProvisionedIsServedOnceItIsReady() {
        String id = api.createStore("domain-early", "woocommerce").body().path("id").asText();
        ApiClient.Reply added = addDomain(id, "early.e2e-example.com");
        dns.publishTxt(added.body().at("/txtRecord/name").asText(), added.body().at("/txtRecord/value").asText());
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(api.status(id)).isEqualTo("READY");
            assertThat(domain(id, "early.e2e-example.com").path("state").asText()).isEqualTo("ACTIVE");
        });
        assertThat(stack.kubernetes().network().v1().ingresses().inNamespace("store-" + id)
                .withName("storefront-domains").get().getSpec().getRules())
                .singleElement().satisfies(rule -> assertThat(rule.getHost()).isEqualTo("early.e2e-example.com"));
    }

    @Test
    void aDomainWhoseRecordNeverAppearsFailsAfterTheTimeout() {
        String id = api.createStore("domain-never", "woocommerce").body().path("id").asText();
        assertThat(addDomain(id, "never.e2e-example.com").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(domain(id, "never.e2e-example.com").path("state").asText())
                        .isEqualTo("FAILED"));
        JsonNode failed = domain(id, "never.e2e-example.com");
        assertThat(failed.path("reason").asText()).startsWith("not verified within 10s (")
                .endsWith("looks): no TXT record at _store-orchestrator.never.e2e-example.com");
        assertThat(dns.queries()).as("looked up through the DNS server").isPositive();
        assertThat(api.timeline(id)).anySatisfy(line -> assertThat(line).startsWith(
                "DOMAIN_FAILED domain-verification: Custom domain never.e2e-example.com failed"));
    }

    private static String readyStore(String name) {
        String id = api.createStore(name, "woocommerce").body().path("id").asText();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(api.status(id)).isEqualTo("READY"));
        return id;
    }

    private static ApiClient.Reply addDomain(String storeId, String host) {
        return api.send("POST", "/api/v1/stores/" + storeId + "/domains", "{\"host\":\"" + host + "\"}");
    }

    private static JsonNode domain(String storeId, String host) {
        for (JsonNode domain : api.send("GET", "/api/v1/stores/" + storeId + "/domains", null).body().path("items")) {
            if (domain.path("host").asText().equals(host)) {
                return domain;
            }
        }
        throw new AssertionError("store " + storeId + " has no domain " + host);
    }

    private static List<GenericKubernetesResource> certificates(String namespace) {
        return stack.kubernetes().genericKubernetesResources("cert-manager.io/v1", "Certificate")
                .inNamespace(namespace).list().getItems();
    }
}
