package io.storeorchestrator.api.domain;

import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.common.domain.DomainState;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of {@code store_domains}: a custom domain of a store.
 *
 * @param token          the random value the owner publishes in the TXT record; not a secret (anyone can read DNS),
 *                       but only the store's callers see it through the API
 * @param checks         how many looks found no matching record
 * @param nextCheckAt    when the verifier looks next (PENDING_VERIFICATION only)
 * @param verifyDeadline when a domain still unverified is FAILED
 */
public record DomainRow(UUID id, UUID storeId, String host, DomainState state, @Nullable String reason, String token,
                        int checks, @Nullable Instant nextCheckAt, Instant verifyDeadline, Instant createdAt,
                        @Nullable Instant verifiedAt, @Nullable Instant activeAt, @Nullable Instant failedAt) {

    static final String COLUMNS = "id, store_id, host, state, reason, token, checks, next_check_at, verify_deadline, "
            + "created_at, verified_at, active_at, failed_at";

    static DomainRow read(ResultSet rs) throws SQLException {
        return new DomainRow(rs.getObject("id", UUID.class), rs.getObject("store_id", UUID.class),
                rs.getString("host"), DomainState.valueOf(rs.getString("state")), rs.getString("reason"),
                rs.getString("token"), rs.getInt("checks"), instant(rs, "next_check_at"),
                instant(rs, "verify_deadline"), instant(rs, "created_at"), instant(rs, "verified_at"),
                instant(rs, "active_at"), instant(rs, "failed_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
