package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.storeorchestrator.common.catalog.EngineVersion;
import io.storeorchestrator.common.catalog.Plan;
import io.storeorchestrator.common.catalog.StoreCatalog;
import io.storeorchestrator.common.catalog.StoreTemplate;
import io.storeorchestrator.common.catalog.UnknownChoiceException;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.naming.StoreLabels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The store a command wants to exist: everything the builders need, and nothing from the cluster.
 *
 * @param id         the store's immutable id
 * @param name       the store's name (its host label)
 * @param engine     what it runs
 * @param generation the intent being converged; stamped on pod templates so a retry rolls new pods
 * @param namespace  the store's namespace
 * @param host       the public host the Ingress answers on
 * @param plan       the plan: quota, container resources, database volume, app replicas
 * @param version    the engine version and the image it runs
 * @param revision   the store revision being applied; stamped on pod templates beside the generation, so an automatic
 *                   rollback (same generation, earlier revision) tells its pods from the failed ones
 * @param tenant     the id of the tenant that owns the store, labelled on its namespace; null for the admin's stores
 * @param template   the catalog template a PROVISION installs once the app serves ({@link TemplateObjects}); null for
 *                   none, and for every other command, so an update, a drift check or a rollback never runs it again
 * @param customHosts the hosts of the store's verified custom domains, sorted, as PostgreSQL says when the command
 *                    runs: each gets a rule on the custom-domain Ingress and a Certificate; empty for none
 */
public record StoreSpec(UUID id, String name, Engine engine, long generation, String namespace, String host,
                        Plan plan, EngineVersion version, int revision, String tenant, StoreTemplate template,
                        List<String> customHosts) {

    public static final String COMPONENT_APP = "app";
    public static final String COMPONENT_DATABASE = "database";
    /** What runs beside the app (Medusa's Redis). */
    public static final String COMPONENT_CACHE = "cache";
    /** Run-once Jobs of the app's image (Medusa's migrations and admin user): not app pods, no Service selects them. */
    public static final String COMPONENT_JOB = "job";
    /**
     * The Job that installs the store's template: its own component, with its own network allowances
     * ({@link NetworkPolicies#template}), applied with it, so the engine's fence is the same with or without one.
     */
    public static final String COMPONENT_TEMPLATE = "template";

    public StoreSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(version, "version");
        customHosts = customHosts == null ? List.of() : customHosts.stream().sorted().distinct().toList();
    }

    /** A store without a template or custom domains. */
    public StoreSpec(UUID id, String name, Engine engine, long generation, String namespace, String host, Plan plan,
                     EngineVersion version, int revision, String tenant) {
        this(id, name, engine, generation, namespace, host, plan, version, revision, tenant, null, List.of());
    }

    /** A store of no tenant (the platform admin's). */
    public StoreSpec(UUID id, String name, Engine engine, long generation, String namespace, String host, Plan plan,
                     EngineVersion version, int revision) {
        this(id, name, engine, generation, namespace, host, plan, version, revision, null, null, List.of());
    }

    /**
     * The store a command wants, its plan and version resolved in {@code catalog}.
     *
     * @throws io.storeorchestrator.common.catalog.UnknownChoiceException when the catalog no longer offers them
     */
    public static StoreSpec from(StoreCommand command, StoreCatalog catalog) {
        StoreCatalog.Choice choice;
        try {
            choice = catalog.choose(command.engine(), command.plan(), command.version());
        } catch (UnknownChoiceException e) {
            if (command.type() != CommandType.TEARDOWN && command.type() != CommandType.DOMAINS) {
                throw e;
            }
            // A teardown deletes the namespace whatever the store ran, and custom domains need only its name and
            // engine: neither may depend on what is offered today.
            choice = new StoreCatalog.Choice(catalog.planOrDefault(null).orElseThrow(),
                    new EngineVersion(String.valueOf(command.version()), "unknown", false));
        }
        // Only a PROVISION installs a template: the first one, its wake-ups, a retry after it failed.
        StoreTemplate template = command.type() == CommandType.PROVISION
                ? catalog.chooseTemplate(command.engine(), command.template()).orElse(null) : null;
        return new StoreSpec(command.storeId(), command.storeName(), command.engine(), command.generation(),
                command.namespace(), command.host(), choice.plan(), choice.version(), command.appliedRevision(),
                command.tenant(), template, List.of());
    }

    /** This store serving {@code hosts} as its custom domains. */
    public StoreSpec withCustomHosts(List<String> hosts) {
        return new StoreSpec(id, name, engine, generation, namespace, host, plan, version, revision, tenant, template,
                hosts);
    }

    /** Labels every object of the store carries. */
    public Map<String, String> labels() {
        return StoreLabels.forStore(id, name, engine.id());
    }

    /** Store labels plus the component (app | database | cache | job) and its name. */
    public Map<String, String> labels(String component, String componentName) {
        Map<String, String> labels = new LinkedHashMap<>(labels());
        labels.put(StoreLabels.COMPONENT, component);
        labels.put(StoreLabels.NAME, componentName);
        return labels;
    }

    /**
     * What workload selectors match on: only labels that never change for the store's life, since a Deployment's
     * or StatefulSet's selector is immutable.
     */
    public Map<String, String> selector(String component) {
        return Map.of(StoreLabels.STORE_ID, id.toString(), StoreLabels.COMPONENT, component);
    }

    /**
     * Annotations stamped on pod templates: the generation and the revision applied. Readiness and failure checks only
     * look at templates and pods that carry this spec's. Ordered, so the template is identical on every run.
     */
    public Map<String, String> podTemplateAnnotations() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(StoreLabels.GENERATION, Long.toString(generation));
        annotations.put(StoreLabels.REVISION, Integer.toString(revision));
        return annotations;
    }

    /** Metadata of an object in the store's namespace, with the store's labels. */
    public ObjectMeta metadata(String objectName) {
        return new ObjectMetaBuilder().withName(objectName).withNamespace(namespace).withLabels(labels()).build();
    }

    /** Metadata of one of a component's objects: the store's labels plus the component's. */
    public ObjectMeta metadata(String objectName, String component) {
        return new ObjectMetaBuilder().withName(objectName).withNamespace(namespace)
                .withLabels(labels(component, objectName)).build();
    }

    /**
     * Pod template metadata: the component's labels, and the generation and revision, so a retry or an update rolls
     * fresh pods and a rollback (same generation) tells its pods from the failed update's.
     */
    public ObjectMeta podTemplateMetadata(String workloadName, String component) {
        return new ObjectMetaBuilder().withLabels(labels(component, workloadName))
                .withAnnotations(podTemplateAnnotations()).build();
    }

    /** What differs for this store's engine: its containers, Jobs, waits. */
    public EngineBlueprint blueprint() {
        return EngineBlueprint.of(engine);
    }

    /** Name of the database StatefulSet, its Service, and the host the app reaches the database on. */
    public String databaseName() {
        return blueprint().database().name();
    }

    /** Name of the application Deployment and its Service. */
    public String appName() {
        return blueprint().appName();
    }
}
