package io.storeorchestrator.api.domain;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.outbox.OutboxRelay;
import io.storeorchestrator.api.store.AuditEntry;
import io.storeorchestrator.api.store.HousekeepingWrites;
import io.storeorchestrator.api.store.Origin;
import io.storeorchestrator.api.store.StoreRow;
import io.storeorchestrator.api.store.StoreWrites;
import io.storeorchestrator.api.store.TimelineEntry;
import io.storeorchestrator.api.store.TimelineRepository;
import io.storeorchestrator.common.database.DatabaseFailures;
import io.storeorchestrator.common.domain.DomainState;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.common.naming.DomainHosts;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A store's custom domains: adding one (it waits for its TXT record), removing one (its host leaves the store's
 * Ingress), and what follows a look at the record ({@link DomainVerifier}). Each change is written under the store's
 * row lock, so it is ordered against the store's own intents (a delete frees every host, see V11), with its timeline
 * entry and audit row; a change the workers must apply puts a DOMAINS command in the outbox in the same transaction.
 */
@Singleton
public class DomainService {

    public static final String DOMAIN_ADDED = "DOMAIN_ADDED";
    public static final String DOMAIN_REMOVED = "DOMAIN_REMOVED";

    /** Outcome of a request to add a domain: the row, and whether this request created (or restarted) it. */
    public record Added(DomainRow domain, boolean created) {
    }

    private final DomainRepository domains;
    private final StoreWrites stores;
    private final TimelineRepository timeline;
    private final HousekeepingWrites housekeeping;
    private final TransactionOperations<Connection> transactions;
    private final OutboxRelay relay;
    private final Topology topology;
    private final ApiConfig api;
    private final DomainConfig config;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    public DomainService(DomainRepository domains, StoreWrites stores, TimelineRepository timeline,
                         HousekeepingWrites housekeeping, TransactionOperations<Connection> transactions,
                         OutboxRelay relay, Topology topology, ApiConfig api, DomainConfig config) {
        this.domains = domains;
        this.stores = stores;
        this.timeline = timeline;
        this.housekeeping = housekeeping;
        this.transactions = transactions;
        this.relay = relay;
        this.topology = topology;
        this.api = api;
        this.config = config;
    }

    /**
     * Adds {@code rawHost} to the store: 400 INVALID_DOMAIN when it cannot be one, 409 DOMAIN_TAKEN when another store
     * holds it, 409 DOMAIN_LIMIT_REACHED past DOMAIN_MAX_PER_STORE, 409 INVALID_STATE_TRANSITION for a store being
     * deleted. Asking again for a domain the store holds changes nothing; for one that FAILED, verification restarts.
     */
    public Added add(UUID storeId, String rawHost, Caller caller) {
        String host = DomainHosts.normalize(rawHost);
        DomainHosts.problemWith(host, api.storeBaseDomain()).ifPresent(problem -> {
            throw new ApiException(ErrorCode.INVALID_DOMAIN, problem);
        });
        try {
            return transactions.executeWrite(status -> {
                StoreRow store = live(storeId, caller, "get a custom domain");
                Instant now = now();
                var existing = domains.find(storeId, host);
                if (existing.isPresent() && existing.get().state() != DomainState.FAILED) {
                    return new Added(existing.get(), false);
                }
                DomainRow domain;
                if (existing.isPresent()) {
                    domain = domains.restart(existing.get(), now, config.verifyTimeout());
                } else {
                    if (domains.count(storeId) >= config.maxPerStore()) {
                        throw new ApiException(ErrorCode.DOMAIN_LIMIT_REACHED, "The store already has "
                                + config.maxPerStore() + " custom domains; remove one first");
                    }
                    domain = new DomainRow(UUID.randomUUID(), storeId, host, DomainState.PENDING_VERIFICATION, null,
                            newToken(), 0, now, now.plus(config.verifyTimeout()), now, null, null, null);
                    domains.insert(domain);
                }
                record(store, StoreEventType.ACCEPTED, StepName.DOMAIN, "Custom domain " + host
                        + " added: waiting for its TXT record at " + txtName(host), null, now);
                housekeeping.audit(List.of(AuditEntry.of(store, DOMAIN_ADDED, caller.origin(), "host=" + host, now)));
                return new Added(domain, true);
            });
        } catch (RuntimeException e) {
            if (DatabaseFailures.isUniqueViolation(e)) {
                throw new ApiException(ErrorCode.DOMAIN_TAKEN, "The host " + host + " is already used by another store");
            }
            throw e;
        }
    }

    /** The store's domains. */
    @Connectable
    public List<DomainRow> list(StoreRow store) {
        return domains.ofStore(store.id());
    }

    /**
     * Removes the domain: its host is free at once, and a DOMAINS command takes it off the store's Ingress and deletes
     * its Certificate (a domain never served needs none, but the command is harmless).
     */
    public DomainRow remove(UUID storeId, String rawHost, Caller caller) {
        String host = DomainHosts.normalize(rawHost);
        return transactions.executeWrite(status -> {
            StoreRow store = live(storeId, caller, "lose a custom domain");
            DomainRow domain = domains.delete(storeId, host).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                    "The store has no custom domain " + host));
            Instant now = now();
            record(store, StoreEventType.ACCEPTED, StepName.DOMAIN, "Custom domain " + host + " removed", null, now);
            housekeeping.audit(List.of(AuditEntry.of(store, DOMAIN_REMOVED, caller.origin(), "host=" + host, now)));
            if (domain.state().isServed()) {
                enqueueServe(store, now);
            }
            return domain;
        });
    }

    /**
     * A look found the TXT record: the domain is VERIFIED, and a DOMAINS command asks the workers to serve it, in one
     * transaction under the store's lock. A store no longer live (its domains are gone) or a domain removed since
     * writes nothing.
     */
    void verified(DomainRow domain) {
        transactions.executeWrite(status -> {
            StoreRow store = stores.lock(domain.storeId()).orElse(null);
            if (store == null || !isLive(store)) {
                return null;
            }
            Instant now = now();
            if (!domains.verified(domain.id(), now)) {
                return null;
            }
            record(store, StoreEventType.DOMAIN_VERIFIED, StepName.DOMAIN_VERIFICATION, "Custom domain "
                    + domain.host() + " verified: its TXT record at " + txtName(domain.host()) + " was found after "
                    + (domain.checks() + 1) + " look(s)", null, now);
            enqueueServe(store, now);
            return null;
        });
    }

    /** Verification ran out of time: FAILED, with what the last look found. */
    void failedVerification(DomainRow domain, String finding) {
        transactions.executeWrite(status -> {
            Instant now = now();
            String reason = "not verified within " + io.storeorchestrator.common.time.Durations.human(
                    config.verifyTimeout()) + " (" + (domain.checks() + 1) + " looks): " + finding;
            if (domains.failedVerification(domain.id(), reason, now)) {
                StoreRow store = stores.lock(domain.storeId()).orElse(null);
                if (store != null) {
                    record(store, StoreEventType.DOMAIN_FAILED, StepName.DOMAIN_VERIFICATION, "Custom domain "
                            + domain.host() + " failed: " + reason, "VerificationTimedOut", now);
                }
            }
            return null;
        });
    }

    private StoreRow live(UUID storeId, Caller caller, String verb) {
        StoreRow store = caller.scope().require(stores.lock(storeId), storeId);
        if (!isLive(store)) {
            throw new ApiException(ErrorCode.INVALID_STATE_TRANSITION, "A store that is " + store.status()
                    + " cannot " + verb);
        }
        return store;
    }

    private static boolean isLive(StoreRow store) {
        return store.status() != StoreStatus.DELETING && store.status() != StoreStatus.DELETED;
    }

    /** The DOMAINS command for the store as it is: the workers read its hosts from {@code store_domains} themselves. */
    private void enqueueServe(StoreRow store, Instant now) {
        StoreCommand command = new StoreCommand(UUID.randomUUID(), CommandType.DOMAINS, store.id(), store.name(),
                store.engineType(), store.generation(), store.namespace(), store.host(), null, now, null,
                store.plan(), store.version(), store.revision(), null, null,
                store.tenantId() == null ? null : store.tenantId().toString());
        housekeeping.enqueue(Map.of(store.id(), OutgoingMessage.command(topology, command)));
        transactions.findTransactionStatus().ifPresent(tx -> tx.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        relay.wake();
                    }
                }));
    }

    private void record(StoreRow store, StoreEventType type, StepName step, String message, String reason,
                        Instant now) {
        timeline.insertAll(List.of(new TimelineEntry(UUID.randomUUID(), store.id(), store.generation(), type.name(),
                step.id(), message, now, reason, null, null)));
    }

    /** Where the owner publishes the token for {@code host}. */
    public String txtName(String host) {
        return DomainHosts.txtRecordName(config.txtPrefix(), host);
    }

    /** 128 random bits, hex: unguessable, and plain enough to paste into any DNS provider's form. */
    private String newToken() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
