package io.storeorchestrator.api.domain;

import java.util.List;

/**
 * Looks up the TXT records of a DNS name: the one thing domain verification needs from DNS, behind an interface so
 * tests can use a double and production a real resolver ({@link JndiTxtResolver}).
 */
public interface TxtResolver {

    /**
     * @return the name's TXT records, each one string (a record's character-strings joined, as RFC 7208 reads them);
     * empty when the name exists without TXT records or does not exist (NXDOMAIN)
     * @throws LookupFailedException when the nameserver could not be asked or did not answer in time
     */
    List<String> txt(String name) throws LookupFailedException;

    /** The lookup itself failed (timeout, SERVFAIL, no nameserver): nothing is known about the record. */
    final class LookupFailedException extends Exception {
        public LookupFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
