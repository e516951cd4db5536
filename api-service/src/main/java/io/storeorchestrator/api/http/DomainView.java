package io.storeorchestrator.api.http;

import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.domain.DomainRow;
import io.storeorchestrator.common.domain.DomainState;
import io.storeorchestrator.common.naming.DomainHosts;

import java.time.Instant;
import java.util.List;

/**
 * A store's custom domain as the API shows it.
 *
 * @param reason         FAILED: why; PENDING_VERIFICATION: what the last look at the TXT record found
 * @param txtRecord      what the owner publishes to prove they control the host
 * @param verifyDeadline when a domain still PENDING_VERIFICATION fails
 */
public record DomainView(String host, DomainState state, @Nullable String reason, TxtRecord txtRecord,
                         Instant createdAt, Instant verifyDeadline, @Nullable Instant verifiedAt,
                         @Nullable Instant activeAt, @Nullable Instant failedAt) {

    /** A DNS record to publish: {@code <name> TXT "<value>"}. */
    public record TxtRecord(String name, String type, String value) {
    }

    /** {@code GET /api/v1/stores/{id}/domains}: oldest first. */
    public record DomainList(List<DomainView> items) {
    }

    static DomainView of(DomainRow row, String txtName) {
        return new DomainView(row.host(), row.state(), row.reason(),
                new TxtRecord(txtName, "TXT", DomainHosts.txtRecordValue(row.token())), row.createdAt(),
                row.verifyDeadline(), row.verifiedAt(), row.activeAt(), row.failedAt());
    }
}
