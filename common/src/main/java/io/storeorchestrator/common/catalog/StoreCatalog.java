package io.storeorchestrator.common.catalog;

import io.storeorchestrator.common.domain.Engine;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What users may pick when they create or update a store: the plans, each engine's versions, and the templates a new
 * store may start from. Configuration, not
 * code: read by {@link StoreCatalogLoader} from {@code STORE_CATALOG_FILE} (the chart mounts its {@code catalog}
 * values there) or, without one, from the defaults shipped in {@code store-catalog.yml}. The API validates requests
 * against it; the worker builds stores from it.
 *
 * @param defaultPlan the plan of stores that name none
 * @param plans       the plans, in the order they are listed
 * @param engines     what is offered of each engine; an engine missing here is not offered
 * @param templates   what a new store may start from, in the order they are listed; only those of available engines
 *                    are offered
 */
public record StoreCatalog(String defaultPlan, List<Plan> plans, Map<Engine, EngineOffer> engines,
                           List<StoreTemplate> templates) {

    /** A catalog without templates. */
    public StoreCatalog(String defaultPlan, List<Plan> plans, Map<Engine, EngineOffer> engines) {
        this(defaultPlan, plans, engines, List.of());
    }

    public StoreCatalog {
        plans = List.copyOf(plans);
        engines = engines.isEmpty() ? Map.of() : new EnumMap<>(engines);
        templates = templates == null ? List.of() : List.copyOf(templates);
        Set<String> templateIds = new HashSet<>();
        for (StoreTemplate template : templates) {
            if (!templateIds.add(template.id())) {
                throw new IllegalArgumentException("template " + template.id() + " is declared twice");
            }
            // A template of an engine the catalog leaves out is not offered, not an error: an installation that drops
            // an engine need not restate the shipped templates.
            if (template.engine() == Engine.WOOCOMMERCE && engines.containsKey(Engine.WOOCOMMERCE)) {
                engines.get(Engine.WOOCOMMERCE).versions().stream().filter(v -> v.cliImage() == null).findFirst()
                        .ifPresent(v -> {
                            throw new IllegalArgumentException("woocommerce version " + v.version() + " names no "
                                    + "cliImage, which template " + template.id() + " needs for its WP-CLI Job");
                        });
            }
        }
        if (plans.isEmpty()) {
            throw new IllegalArgumentException("the catalog has no plan");
        }
        Map<String, Plan> byId = new LinkedHashMap<>();
        for (Plan plan : plans) {
            if (byId.put(plan.id(), plan) != null) {
                throw new IllegalArgumentException("plan " + plan.id() + " is declared twice");
            }
        }
        String wanted = defaultPlan == null ? plans.getFirst().id() : defaultPlan;
        if (!byId.containsKey(wanted)) {
            throw new IllegalArgumentException("default plan " + wanted + " is not among the plans " + byId.keySet());
        }
        defaultPlan = wanted;
    }

    public Optional<Plan> plan(String id) {
        return plans.stream().filter(plan -> plan.id().equals(id)).findFirst();
    }

    /** The plan named, or the default plan when {@code id} is null. */
    public Optional<Plan> planOrDefault(String id) {
        return plan(id == null ? defaultPlan : id);
    }

    public Optional<EngineOffer> offer(Engine engine) {
        return Optional.ofNullable(engines.get(engine));
    }

    /** Whether stores of {@code engine} may be created. */
    public boolean available(Engine engine) {
        return offer(engine).map(EngineOffer::available).orElse(false);
    }

    /** The version named (the engine's default when null), if the engine offers it. */
    public Optional<EngineVersion> version(Engine engine, String version) {
        return offer(engine).flatMap(offer -> offer.versionOrDefault(version));
    }

    /** Every engine, offered or not, in declaration order: what {@code GET /api/v1/engines} lists. */
    public List<EngineOffer> offers() {
        return List.copyOf(engines.values());
    }

    public String planIds() {
        return ids(plans.stream().map(Plan::id).toList());
    }

    public String versionIds(Engine engine) {
        return offer(engine).map(offer -> ids(offer.versions().stream().map(EngineVersion::version).toList()))
                .orElse("");
    }

    public String availableEngineIds() {
        return ids(engines.values().stream().filter(EngineOffer::available).map(o -> o.engine().id()).toList());
    }

    private static String ids(Collection<String> ids) {
        return ids.stream().collect(Collectors.joining(", "));
    }

    /** Resolves a store's plan and version, failing with what is wrong. */
    public Choice choose(Engine engine, String planId, String version) {
        Objects.requireNonNull(engine, "engine");
        Plan plan = planOrDefault(planId).orElseThrow(() -> new UnknownChoiceException(
                UnknownChoiceException.Kind.PLAN, "Unknown plan '" + planId + "'; plans are: " + planIds()));
        EngineVersion engineVersion = version(engine, version).orElseThrow(() -> new UnknownChoiceException(
                UnknownChoiceException.Kind.VERSION, "Unknown version '" + version + "' of " + engine.id()
                + "; versions are: " + versionIds(engine)));
        return new Choice(plan, engineVersion);
    }

    // Templates (issue 11)

    public Optional<StoreTemplate> template(String id) {
        return templates.stream().filter(template -> template.id().equals(id)).findFirst();
    }

    /**
     * The templates offered for {@code engine}, or for every available engine when it is null: what
     * {@code GET /api/v1/templates} lists.
     */
    public List<StoreTemplate> templates(Engine engine) {
        return templates.stream().filter(template -> engine == null || template.engine() == engine)
                .filter(template -> available(template.engine())).toList();
    }

    /**
     * The template a new store of {@code engine} asks for: none when {@code id} is null.
     *
     * @throws UnknownChoiceException (TEMPLATE) when the catalog has no such template, or it is another engine's
     */
    public Optional<StoreTemplate> chooseTemplate(Engine engine, String id) {
        if (id == null) {
            return Optional.empty();
        }
        StoreTemplate template = template(id).orElseThrow(() -> new UnknownChoiceException(
                UnknownChoiceException.Kind.TEMPLATE, "Unknown template '" + id + "'; templates of " + engine.id()
                + " are: " + orNone(ids(templates(engine).stream().map(StoreTemplate::id).toList()))));
        if (template.engine() != engine) {
            throw new UnknownChoiceException(UnknownChoiceException.Kind.TEMPLATE, "Template '" + id + "' is for "
                    + template.engine().id() + ", not " + engine.id() + "; templates of " + engine.id() + " are: "
                    + orNone(ids(templates(engine).stream().map(StoreTemplate::id).toList())));
        }
        return Optional.of(template);
    }

    private static String orNone(String ids) {
        return ids.isEmpty() ? "(none)" : ids;
    }

    /** A store's resolved plan and engine version. */
    public record Choice(Plan plan, EngineVersion version) {
    }
}
