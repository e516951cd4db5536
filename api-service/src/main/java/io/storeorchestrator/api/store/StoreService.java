package io.storeorchestrator.api.store;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.outbox.OutboxRelay;
import io.storeorchestrator.api.tenant.TenantScope;
import io.storeorchestrator.api.tenant.TenantService;
import io.storeorchestrator.common.database.DatabaseFailures;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.domain.StoreStateMachine;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.OutgoingMessage;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.common.messaging.Topology;
import io.storeorchestrator.common.naming.StoreNames;
import io.storeorchestrator.common.tracing.Tracing;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The store intents: create, delete, retry. Each one commits, atomically, the store row change, an ACCEPTED timeline
 * entry, an audit row and an outbox row with the command for the workers, so an accepted request is never lost,
 * whatever happens to RabbitMQ afterwards; then it wakes the outbox relay.
 */
@Singleton
public class StoreService {

    private final StoreWrites writes;
    private final TransactionOperations<Connection> transactions;
    private final OutboxRelay relay;
    private final Topology topology;
    private final ApiConfig config;
    private final Tracing tracing;
    private final TenantService tenants;
    private final Clock clock = Clock.systemUTC();

    public StoreService(StoreWrites writes, TransactionOperations<Connection> transactions, OutboxRelay relay,
                        Topology topology, ApiConfig config, Tracing tracing, TenantService tenants) {
        this.writes = writes;
        this.tenants = tenants;
        this.transactions = transactions;
        this.relay = relay;
        this.topology = topology;
        this.config = config;
        this.tracing = tracing;
    }

    /**
     * One statement in autocommit (no transaction round trips): the quota and the name are checked by the database
     * as it writes, so concurrent creates on any number of replicas can neither exceed the quota nor share a name
     * (see {@link StoreWrites#create}). A tenant's create also takes its tenant's row lock and checks its plans and
     * quota first, in one transaction with the insert ({@link TenantService#admitStore}).
     *
     * @param plan the plan the request asks for (the catalog's default when it names none)
     */
    @Connectable
    public StoreRow create(String name, Engine engine, String plan, Caller caller) {
        if (caller.tenantId() == null) {
            return insert(name, engine, caller);
        }
        return transactions.executeWrite(status -> {
            tenants.admitStore(caller.tenantId(), plan);
            return insert(name, engine, caller);
        });
    }

    private StoreRow insert(String name, Engine engine, Caller caller) {
        Instant now = now();
        UUID id = UUID.randomUUID();
        StoreRow store = StoreRow.queued(id, name, engine, StoreNames.namespaceFor(id),
                StoreNames.hostFor(name, config.storeBaseDomain()), now.plus(config.provisioningTimeout()), now,
                caller.tenantId());
        Intent intent = intent(store, StepName.CREATE, CommandType.PROVISION, "Store creation accepted",
                AuditEntry.STORE_CREATED, "engine=" + engine.id(), caller.origin(), now);
        boolean created;
        try {
            // Nearly always one statement; the second waits for shards the first found held by concurrent creates.
            created = writes.create(store, config.maxLiveStores(), false, intent.accepted(), intent.audit(),
                    intent.command())
                    || writes.create(store, config.maxLiveStores(), true, intent.accepted(), intent.audit(),
                    intent.command());
        } catch (RuntimeException e) {
            if (DatabaseFailures.isUniqueViolation(e)) {
                throw new ApiException(ErrorCode.STORE_NAME_TAKEN, "A store named '" + name + "' already exists");
            }
            throw e;
        }
        if (!created) {
            throw new ApiException(ErrorCode.QUOTA_EXCEEDED, "The platform already runs its maximum of "
                    + config.maxLiveStores() + " stores; delete one first");
        }
        wakeRelay();
        return store;
    }

    /** Moves a store to DELETING; asking again while it is DELETING changes nothing and sends nothing. */
    public StoreRow delete(UUID id, Caller caller) {
        return changeAndWake(id, caller.scope(), current -> {
            if (current.status() == StoreStatus.DELETING) {
                return null;
            }
            requireTransition(current, StoreStatus.DELETING, "deleted");
            Instant now = now();
            StoreRow deleting = current.withIntent(StoreStatus.DELETING, null, now);
            return new Change(deleting, intent(deleting, StepName.DELETE, CommandType.TEARDOWN, "Deletion accepted",
                    AuditEntry.STORE_DELETE_REQUESTED, "from=" + current.status(), caller.origin(), now));
        });
    }

    /** Queues a FAILED store for another provisioning attempt with a fresh deadline. */
    public StoreRow retry(UUID id, Caller caller) {
        return changeAndWake(id, caller.scope(), current -> {
            if (current.status() != StoreStatus.FAILED) {
                throw new ApiException(ErrorCode.INVALID_STATE_TRANSITION,
                        "Only a FAILED store can be retried; this one is " + current.status());
            }
            requireTransition(current, StoreStatus.QUEUED, "retried");
            Instant now = now();
            StoreRow queued = current.withIntent(StoreStatus.QUEUED, now.plus(config.provisioningTimeout()), now);
            return new Change(queued, intent(queued, StepName.RETRY, CommandType.PROVISION, "Retry accepted",
                    AuditEntry.STORE_RETRY_REQUESTED, "previous reason: " + current.statusReason(), caller.origin(),
                    now));
        });
    }

    /** What an intent writes besides the store row. */
    private record Intent(TimelineEntry accepted, AuditEntry audit, OutgoingMessage command) {
    }

    private record Change(StoreRow store, Intent intent) {
    }

    private interface Decision {
        /** @return the change to write, or null to write nothing */
        Change decide(StoreRow current);
    }

    /**
     * Decides under the store's row lock (intents and worker events on one store apply one at a time), writes, and
     * wakes the relay once the command is committed. A store outside the caller's scope is not found.
     */
    private StoreRow changeAndWake(UUID id, TenantScope scope, Decision decision) {
        Change change = transactions.executeWrite(status -> {
            StoreRow current = scope.require(writes.lock(id), id);
            Change decided = decision.decide(current);
            if (decided == null) {
                return new Change(current, null);
            }
            writes.recordIntent(decided.store(), decided.intent().accepted(), decided.intent().audit(),
                    decided.intent().command());
            return decided;
        });
        if (change.intent() != null) {
            wakeRelay();
        }
        return change.store();
    }

    /** Now, or, inside a transaction (an Idempotency-Key's), once it has committed the outbox row. */
    private void wakeRelay() {
        transactions.findTransactionStatus().ifPresentOrElse(
                transaction -> transaction.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        relay.wake();
                    }
                }),
                relay::wake);
    }

    private Intent intent(StoreRow store, StepName step, CommandType type, String message, String auditAction,
                          String detail, Origin origin, Instant now) {
        TimelineEntry accepted = new TimelineEntry(UUID.randomUUID(), store.id(), store.generation(),
                StoreEventType.ACCEPTED.name(), step.id(), message, now, null, null);
        AuditEntry audit = AuditEntry.of(store, auditAction, origin, detail + ", generation=" + store.generation(), now);
        StoreCommand command = new StoreCommand(UUID.randomUUID(), type, store.id(), store.name(), store.engineType(),
                store.generation(), store.namespace(), store.host(),
                type == CommandType.PROVISION ? store.deadlineAt() : null, now, null);
        // The request's trace context waits in the outbox row with the command, for the relay to continue.
        return new Intent(accepted, audit, OutgoingMessage.command(topology,
                command.withTenant(store.tenantId() == null ? null : store.tenantId().toString()))
                .withTraceparent(tracing.currentTraceparent()));
    }

    private static void requireTransition(StoreRow store, StoreStatus target, String verb) {
        if (!StoreStateMachine.canTransition(store.status(), target)) {
            throw new ApiException(ErrorCode.INVALID_STATE_TRANSITION,
                    "A store that is " + store.status() + " cannot be " + verb);
        }
    }

    /** Microsecond precision: what PostgreSQL keeps, so values read back compare equal (listing cursors). */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
