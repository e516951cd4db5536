package io.storeorchestrator.api.tenant;

import io.micronaut.transaction.TransactionOperations;
import io.storeorchestrator.api.auth.ApiKeys;
import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.store.AuditEntry;
import io.storeorchestrator.common.database.DatabaseFailures;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Tenants, their keys and their quotas. Every change commits with its audit row. A tenant's row lock orders its
 * store creates and its deletion, so neither its quota nor "no live stores" can be raced past, on any replica.
 */
@Singleton
public class TenantService {

    private final TenantRepository tenants;
    private final TransactionOperations<Connection> transactions;

    public TenantService(TenantRepository tenants, TransactionOperations<Connection> transactions) {
        this.tenants = tenants;
        this.transactions = transactions;
    }

    public TenantView create(TenantLimits limits, Caller caller) {
        UUID id = UUID.randomUUID();
        Instant now = now();
        try {
            transactions.executeWrite(status -> {
                tenants.insert(id, limits, now);
                tenants.audit(AuditEntry.ofTenant(id, AuditEntry.TENANT_CREATED, caller.origin(),
                        "name=" + limits.name() + ", maxStores=" + limits.maxStores(), now));
                return null;
            });
        } catch (RuntimeException e) {
            if (DatabaseFailures.isUniqueViolation(e)) {
                throw new ApiException(ErrorCode.TENANT_NAME_TAKEN, "A tenant named '" + limits.name()
                        + "' already exists");
            }
            throw e;
        }
        return new TenantView(id, limits.name(), limits.maxStores(), limits.allowedPlans(),
                limits.requestsPerMinute(), limits.createsPerMinute(), 0, now, TenantView.ttl(limits.defaultTtl()));
    }

    /** Refused (409) while the tenant has stores that are not DELETED; revokes its keys. */
    public void delete(UUID id, Caller caller) {
        transactions.executeWrite(status -> {
            TenantLimits limits = tenants.lock(id).orElseThrow(() -> notFound(id));
            long live = tenants.countLiveStores(id);
            if (live > 0) {
                throw new ApiException(ErrorCode.TENANT_HAS_STORES, "Tenant '" + limits.name() + "' still has " + live
                        + " live store(s); delete them first");
            }
            Instant now = now();
            tenants.markDeleted(id, now);
            tenants.audit(AuditEntry.ofTenant(id, AuditEntry.TENANT_DELETED, caller.origin(),
                    "name=" + limits.name(), now));
            return null;
        });
    }

    /** A new key for the tenant: the only time its text exists outside the client. */
    public KeyView.Created createKey(UUID tenantId, Caller caller) {
        String key = ApiKeys.generate();
        UUID keyId = UUID.randomUUID();
        Instant now = now();
        transactions.executeWrite(status -> {
            tenants.lock(tenantId).orElseThrow(() -> notFound(tenantId));
            tenants.insertKey(keyId, tenantId, ApiKeys.hash(key), now);
            tenants.audit(AuditEntry.ofTenant(tenantId, AuditEntry.KEY_CREATED, caller.origin(), "key=" + keyId, now));
            return null;
        });
        return new KeyView.Created(keyId, key, now);
    }

    /** Revokes a key at once, on every replica (keys are looked up on every request). Revoking twice is fine. */
    public void revokeKey(UUID tenantId, UUID keyId, Caller caller) {
        transactions.executeWrite(status -> {
            Instant now = now();
            switch (tenants.revokeKey(tenantId, keyId, now)) {
                case NO_SUCH_KEY -> throw ApiException.notFound("Tenant " + tenantId + " has no key " + keyId);
                case REVOKED -> tenants.audit(AuditEntry.ofTenant(tenantId, AuditEntry.KEY_REVOKED, caller.origin(),
                        "key=" + keyId, now));
                case ALREADY_REVOKED -> {
                    // nothing changed, nothing to record
                }
            }
            return null;
        });
    }

    /**
     * Checks a store create of the tenant against its plans and quota, holding its row lock until the caller's
     * transaction commits the store (call inside it). Live stores are counted, not kept in a counter, so a DELETED
     * store frees its place with nothing else to update.
     */
    public void admitStore(UUID tenantId, String plan) {
        TenantLimits limits = tenants.lock(tenantId).orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED,
                "The credential is not valid (unknown, revoked or expired)"));
        if (!limits.allows(plan)) {
            throw new ApiException(ErrorCode.PLAN_NOT_ALLOWED, "Tenant '" + limits.name() + "' may not use plan '"
                    + plan + "'; its plans are " + limits.allowedPlans());
        }
        if (tenants.countLiveStores(tenantId) >= limits.maxStores()) {
            throw new ApiException(ErrorCode.QUOTA_EXCEEDED, "Tenant '" + limits.name() + "' already has its maximum of "
                    + limits.maxStores() + " live stores; delete one first");
        }
    }

    /**
     * For changes that keep the store count but pick a plan (an update): 403 PLAN_NOT_ALLOWED unless the caller's
     * tenant may use {@code plan}. The admin may use every plan.
     */
    public static void requirePlan(Caller caller, String plan) {
        caller.tenantLimits().filter(limits -> !limits.allows(plan)).ifPresent(limits -> {
            throw new ApiException(ErrorCode.PLAN_NOT_ALLOWED, "Tenant '" + limits.name() + "' may not use plan '"
                    + plan + "'; its plans are " + limits.allowedPlans());
        });
    }

    static ApiException notFound(UUID id) {
        return ApiException.notFound("No tenant with id " + id);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
