package io.storeorchestrator.api.domain;

import java.time.Instant;

/**
 * What follows one look at a domain's TXT record (pure): verified; or look again after the back-off; or, once the
 * verification deadline has passed, FAILED with what the last look found.
 */
public sealed interface VerificationDecision {

    record Verify() implements VerificationDecision {
    }

    record LookAgain(Instant at, String finding) implements VerificationDecision {
    }

    record Fail(String finding) implements VerificationDecision {
    }

    static VerificationDecision decide(DomainRow domain, TxtCheck check, Instant now, DomainConfig config) {
        String finding = switch (check) {
            case TxtCheck.Verified _ -> null;
            case TxtCheck.Missing missing -> missing.finding();
            case TxtCheck.LookupFailed failed -> failed.finding();
        };
        if (finding == null) {
            return new Verify();
        }
        if (!now.isBefore(domain.verifyDeadline())) {
            return new Fail(finding);
        }
        Instant next = now.plus(config.backoff(domain.checks() + 1));
        // The last look falls on the deadline, so a record published late still gets its chance.
        return new LookAgain(next.isAfter(domain.verifyDeadline()) ? domain.verifyDeadline() : next, finding);
    }
}
