package io.storeorchestrator.api.auth;

import io.micronaut.core.annotation.Nullable;
import io.storeorchestrator.api.error.ApiException;
import io.storeorchestrator.api.error.ErrorCode;
import io.storeorchestrator.api.store.Origin;
import io.storeorchestrator.api.tenant.TenantLimits;
import io.storeorchestrator.api.tenant.TenantScope;

import java.util.Optional;
import java.util.UUID;

/**
 * Who is calling, resolved once per request by {@link AccessFilter} from its credential; controllers take it as a
 * parameter ({@link CallerBinder}). Everything a request does on someone's behalf goes through it: which stores it
 * sees ({@link #scope}), who the audit log names ({@link #origin}), whose Idempotency-Keys it shares.
 *
 * @param role          what it may do
 * @param tenantId      its tenant; null for the admin
 * @param limits        its tenant's quotas and rate limits; null for the admin
 * @param principal     its credential, for the audit log: {@code key:<key id>}, {@code key:bootstrap} or
 *                      {@code jwt:<subject>}
 * @param declaredActor the X-Actor header it sent, sanitised (a person or job behind a shared key); may be null
 * @param sourceIp      the client address
 */
public record Caller(Role role, @Nullable UUID tenantId, @Nullable TenantLimits limits, String principal,
                     @Nullable String declaredActor, @Nullable String sourceIp) {

    /** The request attribute {@link AccessFilter} stores the caller in. */
    public static final String ATTRIBUTE = Caller.class.getName();
    static final int ACTOR_MAX = 128;

    public enum Role {
        /** The platform's operator: every store, every tenant, the tenant endpoints. */
        ADMIN,
        /** One tenant's key or token: its own stores only. */
        TENANT
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** The stores this caller may see or change. */
    public TenantScope scope() {
        return isAdmin() ? TenantScope.ALL : TenantScope.of(tenantId);
    }

    /**
     * The stores a listing shows: a tenant's own; the admin's, narrowed to one tenant by {@code ?tenant=<id>}.
     *
     * @param tenantFilter the {@code tenant} query parameter, if any (ignored for tenants: they only see their own)
     */
    public TenantScope listing(@Nullable String tenantFilter) {
        if (!isAdmin() || tenantFilter == null || tenantFilter.isBlank()) {
            return scope();
        }
        try {
            return TenantScope.of(UUID.fromString(tenantFilter.strip()));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("'tenant' must be a tenant id");
        }
    }

    /** 403 FORBIDDEN unless this is the admin. */
    public void requireAdmin() {
        if (!isAdmin()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only the platform admin may do this");
        }
    }

    /** The audit log's actor: the credential, then the X-Actor it declared, if any. */
    public Origin origin() {
        String actor = declaredActor == null ? principal : principal + " (" + declaredActor + ")";
        return new Origin(actor.length() <= ACTOR_MAX ? actor : actor.substring(0, ACTOR_MAX), sourceIp);
    }

    /** Idempotency-Keys are unique per tenant; the admin's are the platform's. */
    public String idempotencyScope() {
        return tenantId == null ? "platform" : tenantId.toString();
    }

    /** Its rate-limit bucket name: one per credential. */
    public String rateLimitKey() {
        return principal;
    }

    public Optional<TenantLimits> tenantLimits() {
        return Optional.ofNullable(limits);
    }
}
