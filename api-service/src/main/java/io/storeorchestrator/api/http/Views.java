package io.storeorchestrator.api.http;

import io.micronaut.core.annotation.Nullable;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.storeorchestrator.api.store.AuditEntry;
import io.storeorchestrator.api.store.RevisionStatus;
import io.storeorchestrator.api.store.StoreRevision;
import io.storeorchestrator.api.store.TimelineEntry;
import io.storeorchestrator.common.catalog.EngineVersion;
import io.storeorchestrator.common.catalog.Plan;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreTemplate;
import io.storeorchestrator.common.domain.Engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Response bodies other than a single store. */
public final class Views {

    private Views() {
    }

    /** {@code GET /api/v1/stores}: one page, newest first. */
    public record StorePage(List<StoreView> items, @Nullable String nextCursor) {
    }

    /** {@code GET /api/v1/stores/{id}/events}: the timeline, oldest first. */
    public record EventList(List<EventView> items) {
    }

    /**
     * @param reason     FAILED and ROLLING_BACK entries: the machine-readable cause
     * @param durationMs entries that end a step: how long the step took
     * @param revision   the store revision the entry is about, when it is about one
     */
    public record EventView(Instant time, String step, String type, String message, long generation,
                            @Nullable String reason, @Nullable Long durationMs, @Nullable Integer revision) {
        static EventView of(TimelineEntry entry) {
            return new EventView(entry.occurredAt(), entry.step(), entry.type(), entry.message(), entry.generation(),
                    entry.reason(), entry.durationMs(), entry.revision());
        }
    }

    /** {@code GET /api/v1/stores/{id}/revisions}: newest first. */
    public record RevisionList(List<RevisionView> items) {
    }

    /**
     * @param reason  why it was asked for; once FAILED, why it failed
     * @param readyAt when it first served; null if it never did
     */
    public record RevisionView(int revision, String version, String plan, RevisionStatus status, Instant createdAt,
                               @Nullable String reason, @Nullable Instant readyAt) {
        static RevisionView of(StoreRevision revision) {
            return new RevisionView(revision.revision(), revision.version(), revision.plan(), revision.status(),
                    revision.createdAt(), revision.reason(), revision.readyAt());
        }
    }

    /** {@code GET /api/v1/engines}: every engine the platform knows, offered or not. */
    public record EngineList(List<EngineView> items) {
    }

    /**
     * @param versions       the versions a store may ask for, newest first; empty when the engine is not offered
     * @param defaultVersion what a store that names none gets; null when the engine is not offered
     * @param available      whether stores of this engine may be created here
     */
    public record EngineView(String id, String name, List<String> versions, @Nullable String defaultVersion,
                             boolean available) {
        static EngineView of(Engine engine, StoreCatalog catalog) {
            return catalog.offer(engine)
                    .map(offer -> new EngineView(engine.id(), engine.displayName(),
                            offer.versions().stream().map(EngineVersion::version).toList(), offer.defaultVersion(),
                            offer.available()))
                    .orElseGet(() -> new EngineView(engine.id(), engine.displayName(), List.of(), null, false));
        }
    }

    /** {@code GET /api/v1/plans}: in the catalog's order. */
    public record PlanList(List<PlanView> items) {
    }

    /**
     * A plan with what a store on it gets: the namespace's quota, each container's requests and limits, the database
     * volume, a WooCommerce store's content volume (wp-content) and the app's replicas.
     *
     * @param defaultPlan       whether stores that name no plan get it ({@code "default"} in JSON)
     * @param contentVolumeSize the wp-content volume of a WooCommerce store (uploads, themes, plugins); Medusa stores
     *                          have none
     */
    public record PlanView(String id, String description, @JsonProperty("default") boolean defaultPlan,
                           Plan.Quota quota, Plan.Resources app, Plan.Resources database, String databaseVolumeSize,
                           String contentVolumeSize, int appReplicas) {
        static PlanView of(Plan plan, StoreCatalog catalog) {
            return new PlanView(plan.id(), plan.description(), plan.id().equals(catalog.defaultPlan()), plan.quota(),
                    plan.app(), plan.database(), plan.databaseVolumeSize(), plan.contentVolumeSize(),
                    plan.appReplicas());
        }
    }

    // Templates (issue 11)

    /** {@code GET /api/v1/templates}: in the catalog's order. */
    public record TemplateList(List<TemplateView> items) {
    }

    /**
     * A template a new store may start from.
     *
     * @param engine  the engine whose stores may use it
     * @param theme   WooCommerce: the theme installed and activated; null for none
     * @param plugins WooCommerce: the plugins installed and activated; empty for Medusa
     * @param seed    Medusa: the seed script run with {@code medusa exec}; null for WooCommerce
     */
    public record TemplateView(String id, String engine, String description,
                               StoreTemplate.@Nullable WordPressPackage theme,
                               List<StoreTemplate.WordPressPackage> plugins,
                               StoreTemplate.@Nullable MedusaSeed seed) {
        static TemplateView of(StoreTemplate template) {
            return new TemplateView(template.id(), template.engine().id(), template.description(), template.theme(),
                    template.plugins(), template.seed());
        }
    }

    /** {@code GET /api/v1/audit}: newest first. */
    public record AuditList(List<AuditView> items) {
    }

    /**
     * @param tenantId the tenant the row concerns (its store's, or the one whose keys changed); null for the
     *                 platform's own stores
     * @param actor    the credential ({@code key:<key id>}, {@code key:bootstrap}, {@code jwt:<subject>}), followed
     *                 by the X-Actor it declared, if any; {@code system} for status changes the workers reported
     */
    public record AuditView(Instant time, String action, @Nullable UUID storeId, @Nullable String storeName,
                            @Nullable UUID tenantId, String actor, @Nullable String sourceIp, @Nullable String detail) {
        static AuditView of(AuditEntry entry) {
            return new AuditView(entry.occurredAt(), entry.action(), entry.storeId(), entry.storeName(),
                    entry.tenantId(), entry.actor(), entry.sourceIp(), entry.detail());
        }
    }
}
