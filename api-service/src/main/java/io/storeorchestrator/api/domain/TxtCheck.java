package io.storeorchestrator.api.domain;

import io.storeorchestrator.common.naming.DomainHosts;

import java.util.List;

/**
 * What one look at a domain's TXT record found, decided from the records alone (pure, unit-tested). A record counts
 * when, once the quotes a resolver may show around each character-string and the joins between them are taken away,
 * it is exactly the expected value.
 */
public sealed interface TxtCheck {

    /** The record says what it must: the owner controls the host. */
    record Verified() implements TxtCheck {
    }

    /** Not (yet) there, or saying something else; {@code finding} is what a person reads. */
    record Missing(String finding) implements TxtCheck {
    }

    /** The lookup itself failed: nothing is known; try again later. */
    record LookupFailed(String finding) implements TxtCheck {
    }

    /** The outcome of looking at {@code recordName}, whose TXT records are {@code records}. */
    static TxtCheck of(String recordName, String token, List<String> records) {
        String expected = DomainHosts.txtRecordValue(token);
        if (records.stream().map(TxtCheck::unquoted).anyMatch(expected::equals)) {
            return new Verified();
        }
        if (records.isEmpty()) {
            return new Missing("no TXT record at " + recordName);
        }
        // Never echo the expected token: what the record says is the owner's own, the token is ours.
        String found = records.stream().map(TxtCheck::unquoted).map(TxtCheck::abbreviate).toList().toString();
        return new Missing("TXT record at " + recordName + " says " + found + ", not the verification value");
    }

    /** A JNDI TXT value is its character-strings joined by spaces, each quoted when it holds spaces or quotes. */
    static String unquoted(String value) {
        return value.replace("\" \"", "").replace("\"", "").trim();
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
