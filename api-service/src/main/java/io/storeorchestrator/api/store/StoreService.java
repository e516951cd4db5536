package io.storeorchestrator.api.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.TransactionOperations;
import io.storeorchestrator.api.ApiConfig;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.outbox.OutboxRelay;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreTemplate;
import io.storeorchestrator.api.tenant.TenantLimits;
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
import java.util.List;
import java.util.UUID;

/**
 * The store intents: create, delete, retry, update, rollback. Each one commits, atomically, the store row change, its
 * revision rows, an ACCEPTED timeline entry, an audit row and an outbox row with the command for the workers, so an
 * accepted request is never lost, whatever happens to RabbitMQ afterwards; then it wakes the outbox relay.
 */
@Singleton
public class StoreService {

    private final StoreWrites writes;
    private final RevisionRepository revisions;
    private final TransactionOperations<Connection> transactions;
    private final OutboxRelay relay;
    private final Topology topology;
    private final ApiConfig config;
    private final Tracing tracing;
    private final StoreCatalog catalog;
    private final TenantService tenants;
    private final Clock clock = Clock.systemUTC();

    public StoreService(StoreWrites writes, RevisionRepository revisions, TransactionOperations<Connection> transactions,
                        OutboxRelay relay, Topology topology, ApiConfig config, Tracing tracing, StoreCatalog catalog,
                        TenantService tenants) {
        this.writes = writes;
        this.revisions = revisions;
        this.tenants = tenants;
        this.transactions = transactions;
        this.relay = relay;
        this.topology = topology;
        this.config = config;
        this.tracing = tracing;
        this.catalog = catalog;
    }

    /**
     * One statement in autocommit (no transaction round trips): the quota and the name are checked by the database
     * as it writes, so concurrent creates on any number of replicas can neither exceed the quota nor share a name
     * (see {@link StoreWrites#create}). The store starts at revision 1, PENDING, with the plan and version resolved.
     * A tenant's create also takes its tenant's row lock and checks its plans and quota first, in one transaction with
     * the insert ({@link TenantService#admitStore}).
     */
    @Connectable
    public StoreRow create(String name, Engine engine, StoreCatalog.Choice choice, Caller caller) {
        return create(name, engine, choice, null, caller);
    }

    /**
     * @param expiry the expiry asked for; null for the default: the caller's tenant's, else API_STORE_DEFAULT_TTL's,
     *               else none
     */
    @Connectable
    public StoreRow create(String name, Engine engine, StoreCatalog.Choice choice, @Nullable ExpiryChange expiry,
                           Caller caller) {
        return create(name, engine, choice, expiry, null, caller);
    }

    /** @param template the catalog template the store starts from (of its engine); null for none */
    @Connectable
    public StoreRow create(String name, Engine engine, StoreCatalog.Choice choice, @Nullable ExpiryChange expiry,
                           @Nullable StoreTemplate template, Caller caller) {
        if (caller.tenantId() == null) {
            return insert(name, engine, choice, expiry, template, caller);
        }
        return transactions.executeWrite(status -> {
            tenants.admitStore(caller.tenantId(), choice.plan().id());
            return insert(name, engine, choice, expiry, template, caller);
        });
    }

    private StoreRow insert(String name, Engine engine, StoreCatalog.Choice choice, @Nullable ExpiryChange expiry,
                            @Nullable StoreTemplate template, Caller caller) {
        Instant now = now();
        UUID id = UUID.randomUUID();
        Instant expiresAt = expiry != null ? expiry.expiresAt() : caller.tenantLimits()
                .map(TenantLimits::defaultTtl).or(config::defaultTtl).map(now::plus).orElse(null);
        StoreRow store = StoreRow.queued(id, name, engine, choice.plan().id(), choice.version().version(),
                StoreNames.namespaceFor(id), StoreNames.hostFor(name, config.storeBaseDomain()),
                now.plus(config.provisioningTimeout()), now, caller.tenantId(), expiresAt,
                template == null ? null : template.id());
        StoreRevision first = StoreRevision.first(store);
        Intent intent = intent(store, StepName.CREATE, provision(store, now), "Store creation accepted",
                AuditEntry.STORE_CREATED, "engine=" + engine.id() + ", plan=" + store.plan() + ", version="
                + store.version() + (expiresAt == null ? "" : ", expiresAt=" + expiresAt)
                + (template == null ? "" : ", template=" + template.id()), caller.origin(), now);
        boolean created;
        try {
            // Nearly always one statement; the second waits for shards the first found held by concurrent creates.
            created = writes.create(store, config.maxLiveStores(), false, first, intent.accepted(), intent.audit(),
                    intent.command())
                    || writes.create(store, config.maxLiveStores(), true, first, intent.accepted(), intent.audit(),
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
        relay.wakeAfterCommit(transactions);
        return store;
    }

    /**
     * Moves a store to DELETING; asking again while it is DELETING changes nothing and sends nothing. A revision
     * still being applied is superseded by the delete.
     */
    public StoreRow delete(UUID id, Caller caller) {
        return changeAndWake(id, caller.scope(), current -> {
            if (current.status() == StoreStatus.DELETING) {
                return null;
            }
            requireTransition(current, StoreStatus.DELETING, "deleted");
            Instant now = now();
            StoreRow deleting = current.withIntent(StoreStatus.DELETING, null, now);
            StoreCommand teardown = command(deleting, CommandType.TEARDOWN, null, null, null, null, now);
            List<StoreRevision> superseded = revisions.ofStore(id).all().stream()
                    .filter(r -> r.status() == RevisionStatus.PENDING).map(StoreRevision::superseded).toList();
            return new Change(deleting, intent(deleting, StepName.DELETE, teardown, "Deletion accepted",
                    AuditEntry.STORE_DELETE_REQUESTED, "from=" + current.status(), caller.origin(), now), null,
                    superseded);
        });
    }

    /**
     * Queues a FAILED store for another provisioning attempt with a fresh deadline, at the revision it runs (its plan
     * and version unchanged); a revision that had failed is PENDING again.
     */
    public StoreRow retry(UUID id, Caller caller) {
        return changeAndWake(id, caller.scope(), current -> {
            if (current.status() != StoreStatus.FAILED) {
                throw new ApiException(ErrorCode.INVALID_STATE_TRANSITION,
                        "Only a FAILED store can be retried; this one is " + current.status());
            }
            requireTransition(current, StoreStatus.QUEUED, "retried");
            Instant now = now();
            StoreRow queued = current.withIntent(StoreStatus.QUEUED, now.plus(config.provisioningTimeout()), now);
            List<StoreRevision> retried = revisions.ofStore(id).find(current.revision())
                    .filter(r -> r.status() == RevisionStatus.FAILED)
                    .map(r -> r.retried(queued.generation(), "retry after: " + r.reason()))
                    .stream().toList();
            return new Change(queued, intent(queued, StepName.RETRY, provision(queued, now), "Retry accepted",
                    AuditEntry.STORE_RETRY_REQUESTED, "previous reason: " + current.statusReason(), caller.origin(),
                    now), null, retried);
        });
    }

    /**
     * Moves a READY store to another plan and/or version, as a new revision (see {@link RevisionDecisions#update},
     * which also lets it supersede an update in flight).
     */
    public StoreRow update(UUID id, @Nullable String plan, @Nullable String version, Caller caller) {
        return changeAndWake(id, caller.scope(), current -> {
            if (plan != null) {
                TenantService.requirePlan(caller, plan); // after the scope check: another tenant's store stays a 404
            }
            Instant now = now();
            RevisionDecisions.Decision decision = RevisionDecisions.update(current, revisions.ofStore(id), plan,
                    version, catalog, now, now.plus(config.provisioningTimeout()));
            return revise(decision, StepName.UPDATE, AuditEntry.STORE_UPDATE_REQUESTED, caller.origin(), now);
        });
    }

    /**
     * Sets or clears a live store's expiry, as a change of its own: no new generation, no revision, no command; a
     * timeline entry and an audit row. A store being deleted has no expiry left to change (409).
     */
    public StoreRow changeExpiry(UUID id, ExpiryChange expiry, Caller caller) {
        return transactions.executeWrite(status -> {
            StoreRow current = caller.scope().require(writes.lock(id), id);
            if (current.status() == StoreStatus.DELETING || current.status() == StoreStatus.DELETED) {
                throw new ApiException(ErrorCode.INVALID_STATE_TRANSITION,
                        "A store that is " + current.status() + " has no expiry to change");
            }
            Instant now = now();
            StoreRow changed = current.expiring(expiry.expiresAt(), now);
            String message = "Expiry changed: " + expiry.describe();
            TimelineEntry entry = new TimelineEntry(UUID.randomUUID(), id, current.generation(),
                    StoreEventType.ACCEPTED.name(), StepName.EXPIRY.id(), message, now, null, null, null);
            writes.recordExpiry(changed, entry, AuditEntry.of(changed, AuditEntry.STORE_EXPIRY_CHANGED,
                    caller.origin(), "from=" + current.expiresAt() + ", to=" + expiry.expiresAt(), now));
            return changed;
        });
    }

    /** An update and an expiry change asked for in one PATCH: both or neither. */
    public StoreRow updateWithExpiry(UUID id, @Nullable String plan, @Nullable String version, ExpiryChange expiry,
                                     Caller caller) {
        return transactions.executeWrite(status -> {
            update(id, plan, version, caller);
            return changeExpiry(id, expiry, caller);
        });
    }

    /** Applies an earlier revision that served again, as a new revision (see {@link RevisionDecisions#rollback}). */
    public StoreRow rollback(UUID id, int revision, Caller caller) {
        return changeAndWake(id, caller.scope(), current -> {
            Instant now = now();
            RevisionDecisions.Decision decision = RevisionDecisions.rollback(current, revisions.ofStore(id), revision,
                    catalog, now, now.plus(config.provisioningTimeout()));
            TenantService.requirePlan(caller, decision.next().plan()); // the tenant's plans may have changed since
            return revise(decision, StepName.ROLLBACK, AuditEntry.STORE_ROLLBACK_REQUESTED, caller.origin(), now);
        });
    }

    /** The timeline reads "Revision 2 accepted: update: version 6.5 → 6.6". */
    private Change revise(RevisionDecisions.Decision decision, StepName step, String auditAction, Origin origin,
                          Instant now) {
        StoreRow updating = decision.store();
        StoreRevision next = decision.next();
        String message = "Revision " + next.revision() + " accepted: " + next.reason();
        StoreCommand update = command(updating, CommandType.UPDATE, next.plan(), next.version(), next.revision(),
                decision.fallback(), now);
        String detail = next.reason() + ", revision=" + next.revision() + ", fallback=" + decision.fallback().revision();
        return new Change(updating, intent(updating, step, update, message, auditAction, detail, origin, now), next,
                decision.changedRevisions());
    }

    /** What an intent writes besides the store row and its revisions. */
    private record Intent(TimelineEntry accepted, AuditEntry audit, OutgoingMessage command) {
    }

    /**
     * @param newRevision      a revision to insert, or null
     * @param changedRevisions existing revisions whose status changes
     */
    private record Change(StoreRow store, Intent intent, @Nullable StoreRevision newRevision,
                          List<StoreRevision> changedRevisions) {
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
                return new Change(current, null, null, List.of());
            }
            writes.recordIntent(decided.store(), decided.intent().accepted(), decided.intent().audit(),
                    decided.intent().command());
            revisions.updateAll(decided.changedRevisions());
            if (decided.newRevision() != null) {
                revisions.insert(decided.newRevision());
            }
            return decided;
        });
        if (change.intent() != null) {
            relay.wakeAfterCommit(transactions);
        }
        return change.store();
    }


    /** Provisions the store at the revision it runs, with the template it was created from (the create's, a retry's). */
    private StoreCommand provision(StoreRow store, Instant now) {
        return command(store, CommandType.PROVISION, store.plan(), store.version(), store.revision(), null, now)
                .withTemplate(store.template());
    }

    /**
     * A command for the store's current generation. A teardown names no plan or version: it needs neither, and a store
     * whose plan the catalog has since dropped must still be deletable.
     */
    private static StoreCommand command(StoreRow store, CommandType type, @Nullable String plan,
                                        @Nullable String version, @Nullable Integer revision,
                                        @Nullable StoreCommand.Target fallback, Instant now) {
        return new StoreCommand(UUID.randomUUID(), type, store.id(), store.name(), store.engineType(),
                store.generation(), store.namespace(), store.host(),
                type == CommandType.TEARDOWN ? null : store.deadlineAt(), now, null, plan, version, revision, fallback,
                null);
    }

    private Intent intent(StoreRow store, StepName step, StoreCommand command, String message, String auditAction,
                          String detail, Origin origin, Instant now) {
        // The ACCEPTED entry names the revision the command applies.
        TimelineEntry accepted = new TimelineEntry(UUID.randomUUID(), store.id(), store.generation(),
                StoreEventType.ACCEPTED.name(), step.id(), message, now, null, null, command.revision());
        AuditEntry audit = AuditEntry.of(store, auditAction, origin, detail + ", generation=" + store.generation(), now);
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
