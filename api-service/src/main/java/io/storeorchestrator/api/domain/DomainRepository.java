package io.storeorchestrator.api.domain;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code store_domains}, in plain SQL, each statement in the caller's transaction. The database decides who holds a
 * host (a partial unique index, see V11): an insert or a restart that would make a second live holder fails with 23505.
 */
@Singleton
public class DomainRepository {

    private static final String INSERT = "INSERT INTO store_domains (" + DomainRow.COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    // Claims up to n due domains for one look each: pushing next_check_at past the claim makes other replicas skip
    // them, and a replica that dies mid-look leaves them due again once the claim runs out.
    private static final String CLAIM = "UPDATE store_domains SET next_check_at = now() + make_interval(secs => ?) "
            + "WHERE id IN (SELECT id FROM store_domains WHERE state = 'PENDING_VERIFICATION' AND next_check_at <= now() "
            + "ORDER BY next_check_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING " + DomainRow.COLUMNS;

    private final JdbcOperations jdbc;

    public DomainRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(DomainRow row) {
        jdbc.prepareStatement(INSERT, ps -> {
            ps.setObject(1, row.id());
            ps.setObject(2, row.storeId());
            ps.setString(3, row.host());
            ps.setString(4, row.state().name());
            ps.setString(5, row.reason());
            ps.setString(6, row.token());
            ps.setInt(7, row.checks());
            ps.setObject(8, utc(row.nextCheckAt()));
            ps.setObject(9, utc(row.verifyDeadline()));
            ps.setObject(10, utc(row.createdAt()));
            ps.setObject(11, utc(row.verifiedAt()));
            ps.setObject(12, utc(row.activeAt()));
            ps.setObject(13, utc(row.failedAt()));
            return ps.executeUpdate();
        });
    }

    /** A FAILED domain asked for again: verification starts over, with the same token. */
    public DomainRow restart(DomainRow failed, Instant now, Duration timeout) {
        return one("UPDATE store_domains SET state = 'PENDING_VERIFICATION', reason = NULL, checks = 0, "
                + "next_check_at = ?, verify_deadline = ?, failed_at = NULL, verified_at = NULL, active_at = NULL "
                + "WHERE id = ? RETURNING " + DomainRow.COLUMNS, ps -> {
            ps.setObject(1, utc(now));
            ps.setObject(2, utc(now.plus(timeout)));
            ps.setObject(3, failed.id());
        }).orElseThrow();
    }

    /** The store's domains, oldest first. */
    public List<DomainRow> ofStore(UUID storeId) {
        return many("SELECT " + DomainRow.COLUMNS + " FROM store_domains WHERE store_id = ? ORDER BY created_at, host",
                ps -> ps.setObject(1, storeId));
    }

    public Optional<DomainRow> find(UUID storeId, String host) {
        return one("SELECT " + DomainRow.COLUMNS + " FROM store_domains WHERE store_id = ? AND host = ?", ps -> {
            ps.setObject(1, storeId);
            ps.setString(2, host);
        });
    }

    /** @return the row removed, if there was one */
    public Optional<DomainRow> delete(UUID storeId, String host) {
        return one("DELETE FROM store_domains WHERE store_id = ? AND host = ? RETURNING " + DomainRow.COLUMNS, ps -> {
            ps.setObject(1, storeId);
            ps.setString(2, host);
        });
    }

    /** Claims up to {@code limit} domains due for a look, each for {@code claim} (see {@link #CLAIM}). */
    public List<DomainRow> claimDue(int limit, Duration claim) {
        return many(CLAIM, ps -> {
            ps.setDouble(1, claim.toMillis() / 1000.0);
            ps.setInt(2, limit);
        });
    }

    /** A look found no matching record: look again at {@code next}. @return false when the domain left PENDING */
    public boolean missed(UUID id, String finding, Instant next) {
        return update("UPDATE store_domains SET checks = checks + 1, reason = ?, next_check_at = ? "
                + "WHERE id = ? AND state = 'PENDING_VERIFICATION'", ps -> {
            ps.setString(1, finding);
            ps.setObject(2, utc(next));
            ps.setObject(3, id);
        }) == 1;
    }

    /** The record was found. @return false when the domain left PENDING meanwhile (removed) */
    public boolean verified(UUID id, Instant now) {
        return update("UPDATE store_domains SET state = 'VERIFIED', reason = NULL, next_check_at = NULL, "
                + "verified_at = ? WHERE id = ? AND state = 'PENDING_VERIFICATION'", ps -> {
            ps.setObject(1, utc(now));
            ps.setObject(2, id);
        }) == 1;
    }

    /** Verification timed out. @return false when the domain left PENDING meanwhile */
    public boolean failedVerification(UUID id, String reason, Instant now) {
        return update("UPDATE store_domains SET state = 'FAILED', reason = ?, next_check_at = NULL, failed_at = ? "
                + "WHERE id = ? AND state = 'PENDING_VERIFICATION'", ps -> {
            ps.setString(1, reason);
            ps.setObject(2, utc(now));
            ps.setObject(3, id);
        }) == 1;
    }

    /** A worker serves the host now. @return false unless it was VERIFIED (a redelivery, or removed since) */
    public boolean activated(UUID storeId, String host, Instant now) {
        return update("UPDATE store_domains SET state = 'ACTIVE', reason = NULL, active_at = ? "
                + "WHERE store_id = ? AND host = ? AND state = 'VERIFIED'", ps -> {
            ps.setObject(1, utc(now));
            ps.setObject(2, storeId);
            ps.setString(3, host);
        }) == 1;
    }

    /** A worker could not serve the host. @return false unless it was VERIFIED or ACTIVE */
    public boolean failedServing(UUID storeId, String host, String reason, Instant now) {
        return update("UPDATE store_domains SET state = 'FAILED', reason = ?, failed_at = ? "
                + "WHERE store_id = ? AND host = ? AND state IN ('VERIFIED', 'ACTIVE')", ps -> {
            ps.setString(1, reason);
            ps.setObject(2, utc(now));
            ps.setObject(3, storeId);
            ps.setString(4, host);
        }) == 1;
    }

    /** How many domains the store holds, in any state. */
    public int count(UUID storeId) {
        return jdbc.prepareStatement("SELECT count(*) FROM store_domains WHERE store_id = ?", ps -> {
            ps.setObject(1, storeId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        return jdbc.prepareStatement(sql, ps -> {
            binder.bind(ps);
            return ps.executeUpdate();
        });
    }

    private Optional<DomainRow> one(String sql, Binder binder) {
        return many(sql, binder).stream().findFirst();
    }

    private List<DomainRow> many(String sql, Binder binder) {
        return jdbc.prepareStatement(sql, ps -> {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<DomainRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(DomainRow.read(rs));
                }
                return rows;
            }
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
