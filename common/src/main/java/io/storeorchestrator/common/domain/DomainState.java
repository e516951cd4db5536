package io.storeorchestrator.common.domain;

/**
 * Where a store's custom domain is (issue 11). The API moves it through verification; the workers report when they
 * serve it. A domain's state never moves its store's status.
 */
public enum DomainState {
    /** The API looks for the TXT record with the domain's token, backing off, until the verification deadline. */
    PENDING_VERIFICATION,
    /** The record was found; a worker is putting the host on the store's Ingress with a Certificate. */
    VERIFIED,
    /** The store's custom-domain Ingress routes the host, and its Certificate is requested. */
    ACTIVE,
    /** Not verified in time, or not servable; the reason says why. It no longer holds the host. */
    FAILED;

    /** The hosts a store's Ingress carries: verified ones, whether a worker confirmed them yet or not. */
    public boolean isServed() {
        return this == VERIFIED || this == ACTIVE;
    }
}
