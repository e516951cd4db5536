package io.storeorchestrator.common.naming;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DomainHostsTest {

    private static final String BASE = "localtest.me";

    @ParameterizedTest
    @ValueSource(strings = {"shop.example.com", "a.b", "x-1.example.co.uk", "123.example.com", "xn--bcher-kva.example"})
    void acceptsDnsNamesOfTwoLabelsOrMore(String host) {
        assertThat(DomainHosts.problemWith(host, BASE)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "localhost|at least two labels",
            "*.example.com|wildcard",
            "10.0.0.1|not an IP address",
            "[::1]|not an IP address",
            "2001:db8::1|not an IP address",
            "shop..example.com|DNS name",
            "-shop.example.com|DNS name",
            "shop-.example.com|DNS name",
            "shop_1.example.com|DNS name",
            "shop.example.com/path|DNS name",
            "my-shop.localtest.me|platform's own",
            "localtest.me|platform's own"})
    void refusesWhatCannotBeACustomDomain(String host, String why) {
        assertThat(DomainHosts.problemWith(host, BASE)).hasValueSatisfying(problem -> assertThat(problem).contains(why));
    }

    @Test
    void refusesTooLongHostsAndLabels() {
        String label63 = "a".repeat(63);
        String host254 = String.join(".", label63, label63, label63, "a".repeat(60)) + ".c";
        assertThat(host254).hasSize(254);
        assertThat(DomainHosts.problemWith(host254, BASE)).hasValueSatisfying(p -> assertThat(p).contains("253"));
        assertThat(DomainHosts.problemWith("a".repeat(64) + ".example.com", BASE)).isPresent();
        assertThat(DomainHosts.problemWith(label63 + ".example.com", BASE)).isEmpty();
    }

    @Test
    void normalizesCaseSpacesAndTheRootDot() {
        assertThat(DomainHosts.normalize("  Shop.Example.COM. ")).isEqualTo("shop.example.com");
    }

    @Test
    void namesTheTxtRecordAndItsValue() {
        assertThat(DomainHosts.txtRecordName("_store-orchestrator", "shop.example.com"))
                .isEqualTo("_store-orchestrator.shop.example.com");
        assertThat(DomainHosts.txtRecordValue("abc")).isEqualTo("store-orchestrator-verification=abc");
    }
}
