package io.storeorchestrator.api.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TxtCheckTest {

    private static final String NAME = "_store-orchestrator.shop.example.com";
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final DomainConfig CONFIG = new DomainConfig("_store-orchestrator", 5, Duration.ofSeconds(30),
            Duration.ofMinutes(10), Duration.ofHours(48), Duration.ofSeconds(5), null, Duration.ofSeconds(5));

    @Test
    void theExpectedValueAmongOtherRecordsVerifies() {
        assertThat(TxtCheck.of(NAME, "abc", List.of("v=spf1 -all", "store-orchestrator-verification=abc")))
                .isInstanceOf(TxtCheck.Verified.class);
    }

    @Test
    void quotesAndSplitCharacterStringsAreReadAsOneValue() {
        assertThat(TxtCheck.of(NAME, "abc", List.of("\"store-orchestrator-verification=abc\"")))
                .isInstanceOf(TxtCheck.Verified.class);
        assertThat(TxtCheck.of(NAME, "abc", List.of("\"store-orchestrator-\" \"verification=abc\"")))
                .isInstanceOf(TxtCheck.Verified.class);
    }

    @Test
    void noRecordOrAnotherValueIsMissingAndSaysWhatWasFound() {
        assertThat(TxtCheck.of(NAME, "abc", List.of()))
                .isEqualTo(new TxtCheck.Missing("no TXT record at " + NAME));
        assertThat(TxtCheck.of(NAME, "abc", List.of("store-orchestrator-verification=abd")))
                .isEqualTo(new TxtCheck.Missing("TXT record at " + NAME
                        + " says [store-orchestrator-verification=abd], not the verification value"));
    }

    @Test
    void aFoundRecordVerifiesWhateverTheDeadline() {
        assertThat(VerificationDecision.decide(domain(0, NOW.minusSeconds(1)), new TxtCheck.Verified(), NOW, CONFIG))
                .isInstanceOf(VerificationDecision.Verify.class);
    }

    @Test
    void aMissLooksAgainBackingOffDoublingUpToTheMaximum() {
        assertThat(lookAgainAfter(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(lookAgainAfter(1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(lookAgainAfter(3)).isEqualTo(Duration.ofSeconds(240));
        assertThat(lookAgainAfter(5)).isEqualTo(Duration.ofMinutes(10));
        assertThat(lookAgainAfter(500)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theLastLookFallsOnTheDeadlineAndAMissAtTheDeadlineFails() {
        Instant deadline = NOW.plusSeconds(10);
        VerificationDecision before = VerificationDecision.decide(domain(2, deadline),
                new TxtCheck.Missing("no TXT record at " + NAME), NOW, CONFIG);
        assertThat(before).isEqualTo(new VerificationDecision.LookAgain(deadline, "no TXT record at " + NAME));
        VerificationDecision at = VerificationDecision.decide(domain(3, deadline),
                new TxtCheck.LookupFailed("TXT lookup failed: CommunicationException"), deadline, CONFIG);
        assertThat(at).isEqualTo(new VerificationDecision.Fail("TXT lookup failed: CommunicationException"));
    }

    private static Duration lookAgainAfter(int checks) {
        VerificationDecision decision = VerificationDecision.decide(domain(checks, NOW.plus(Duration.ofDays(3))),
                new TxtCheck.Missing("no TXT record"), NOW, CONFIG);
        return Duration.between(NOW, ((VerificationDecision.LookAgain) decision).at());
    }

    private static DomainRow domain(int checks, Instant deadline) {
        return new DomainRow(UUID.randomUUID(), UUID.randomUUID(), "shop.example.com",
                io.storeorchestrator.common.domain.DomainState.PENDING_VERIFICATION, null, "abc", checks, NOW,
                deadline, NOW.minus(Duration.ofHours(1)), null, null, null);
    }
}
