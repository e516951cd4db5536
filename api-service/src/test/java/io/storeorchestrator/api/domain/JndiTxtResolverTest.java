package io.storeorchestrator.api.domain;

import io.storeorchestrator.api.support.TestDnsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The production resolver against a real DNS server on loopback: the JDK's client speaks the protocol to it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JndiTxtResolverTest {

    private TestDnsServer dns;

    @BeforeAll
    void start() {
        dns = TestDnsServer.start();
    }

    @AfterAll
    void stop() {
        dns.close();
    }

    @Test
    void readsEveryTxtRecordOfAName() throws Exception {
        dns.publishTxt("_store-orchestrator.shop.example.com", "v=spf1 -all", "store-orchestrator-verification=abc");
        assertThat(resolver(dns.address()).txt("_store-orchestrator.shop.example.com"))
                .containsExactlyInAnyOrder("v=spf1 -all", "store-orchestrator-verification=abc");
    }

    @Test
    void aNameWithoutRecordsReadsAsNone() throws Exception {
        assertThat(resolver(dns.address()).txt("_store-orchestrator.nothing.example.com")).isEmpty();
    }

    @Test
    void aNameserverThatDoesNotAnswerIsALookupFailure() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            TxtResolver resolver = resolver("127.0.0.1:" + silent.getLocalPort());
            assertThatThrownBy(() -> resolver.txt("_store-orchestrator.shop.example.com"))
                    .isInstanceOf(TxtResolver.LookupFailedException.class)
                    .hasMessageContaining("TXT lookup of _store-orchestrator.shop.example.com failed");
        }
    }

    private static TxtResolver resolver(String server) {
        return new JndiTxtResolver(new DomainConfig("_store-orchestrator", 5, Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofHours(48), Duration.ofSeconds(5), server, Duration.ofMillis(300)));
    }
}
