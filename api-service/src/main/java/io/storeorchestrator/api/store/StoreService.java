package io.storeorchestrator.api.store;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.outbox.OutboxRepository;
import io.storeorchestrator.api.outbox.OutboxWritten;
import io.storeorchestrator.common.database.DatabaseFailures;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreStateMachine;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.common.naming.StoreNames;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The store intents: create, delete, retry. Each one writes, in ONE transaction, the store row change, an ACCEPTED
 * timeline entry, an audit row and an outbox row with the command for the workers, so an accepted request is never
 * lost, whatever happens to RabbitMQ afterwards.
 */
@Singleton
public class StoreService {

    /** Key of the transaction-scoped advisory lock that serialises creates, making the quota check race-free. */
    static final long CREATE_LOCK_KEY = 0x53544f5245L; // "STORE"

    private final StoreRepository stores;
    private final TimelineRepository timeline;
    private final AuditRepository audit;
    private final OutboxRepository outbox;
    private final JdbcOperations jdbc;
    private final ApplicationEventPublisher<OutboxWritten> outboxEvents;
    private final Topology topology;
    private final ApiConfig config;
    private final Clock clock = Clock.systemUTC();

    public StoreService(StoreRepository stores, TimelineRepository timeline, AuditRepository audit,
                        OutboxRepository outbox, JdbcOperations jdbc, ApplicationEventPublisher<OutboxWritten> outboxEvents,
                        Topology topology, ApiConfig config) {
        this.stores = stores;
        this.timeline = timeline;
        this.audit = audit;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.outboxEvents = outboxEvents;
        this.topology = topology;
        this.config = config;
    }

    @Transactional
    public StoreRow create(String name, Engine engine, Origin origin) {
        jdbc.prepareStatement("SELECT pg_advisory_xact_lock(?)", ps -> {
            ps.setLong(1, CREATE_LOCK_KEY);
            return ps.execute();
        });
        if (stores.countLive() >= config.maxLiveStores()) {
            throw new ApiException(ErrorCode.QUOTA_EXCEEDED, "The platform already runs its maximum of "
                    + config.maxLiveStores() + " stores; delete one first");
        }
        if (stores.existsLiveByName(name)) {
            throw nameTaken(name);
        }
        Instant now = now();
        UUID id = UUID.randomUUID();
        StoreRow store = new StoreRow(id, name, engine.id(), StoreStatus.QUEUED, null, StoreNames.namespaceFor(id),
                StoreNames.hostFor(name, config.storeBaseDomain()), 1, StoreRow.deadlineFrom(now, config.provisioningTimeout()),
                now, now, null, null);
        try {
            stores.save(store);
        } catch (RuntimeException e) {
            // The advisory lock makes this rare, but the partial unique index is the real guarantee.
            if (DatabaseFailures.isUniqueViolation(e)) {
                throw nameTaken(name);
            }
            throw e;
        }
        recordIntent(store, "create", CommandType.PROVISION, "Store creation accepted", AuditEntry.STORE_CREATED,
                "engine=" + engine.id(), origin, now);
        return store;
    }

    /** Moves a store to DELETING; asking again while it is DELETING changes nothing and sends nothing. */
    @Transactional
    public StoreRow delete(UUID id, Origin origin) {
        StoreRow current = lockedStore(id);
        if (current.status() == StoreStatus.DELETING) {
            return current;
        }
        requireTransition(current, StoreStatus.DELETING, "deleted");
        Instant now = now();
        StoreRow deleting = stores.update(current.withIntent(StoreStatus.DELETING, null, now));
        recordIntent(deleting, "delete", CommandType.TEARDOWN, "Deletion accepted", AuditEntry.STORE_DELETE_REQUESTED,
                "from=" + current.status(), origin, now);
        return deleting;
    }

    /** Queues a FAILED store for another provisioning attempt with a fresh deadline. */
    @Transactional
    public StoreRow retry(UUID id, Origin origin) {
        StoreRow current = lockedStore(id);
        if (current.status() != StoreStatus.FAILED) {
            throw new ApiException(ErrorCode.INVALID_STATE_TRANSITION,
                    "Only a FAILED store can be retried; this one is " + current.status());
        }
        requireTransition(current, StoreStatus.QUEUED, "retried");
        Instant now = now();
        StoreRow queued = stores.update(current.withIntent(StoreStatus.QUEUED,
                StoreRow.deadlineFrom(now, config.provisioningTimeout()), now));
        recordIntent(queued, "retry", CommandType.PROVISION, "Retry accepted", AuditEntry.STORE_RETRY_REQUESTED,
                "previous reason: " + current.statusReason(), origin, now);
        return queued;
    }

    /** The timeline entry's step names the intent ({@code create}, {@code delete}, {@code retry}). */
    private void recordIntent(StoreRow store, String intent, CommandType type, String message, String auditAction, String detail,
                              Origin origin, Instant now) {
        timeline.insertIfAbsent(new TimelineEntry(UUID.randomUUID(), store.id(), store.generation(),
                StoreEventType.ACCEPTED.name(), intent, message, now));
        audit.save(AuditEntry.of(store, auditAction, origin, detail + ", generation=" + store.generation(), now));
        StoreCommand command = new StoreCommand(UUID.randomUUID(), type, store.id(), store.name(), store.engineType(),
                store.generation(), store.namespace(), store.host(),
                type == CommandType.PROVISION ? store.deadlineAt() : null, now, null);
        long outboxId = outbox.enqueue(store.id(), OutgoingMessage.command(topology, command));
        outboxEvents.publishEvent(new OutboxWritten(outboxId));
    }

    private StoreRow lockedStore(UUID id) {
        return stores.findByIdForUpdate(id).orElseThrow(() -> ApiException.notFound("No store with id " + id));
    }

    private static void requireTransition(StoreRow store, StoreStatus target, String verb) {
        if (!StoreStateMachine.canTransition(store.status(), target)) {
            throw new ApiException(ErrorCode.INVALID_STATE_TRANSITION,
                    "A store that is " + store.status() + " cannot be " + verb);
        }
    }

    private static ApiException nameTaken(String name) {
        return new ApiException(ErrorCode.STORE_NAME_TAKEN, "A store named '" + name + "' already exists");
    }

    /** Microsecond precision: what PostgreSQL keeps, so values read back compare equal (listing cursors). */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
