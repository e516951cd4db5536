package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.storeorchestrator.common.domain.StoreSecretKeys;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_APP;
import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_JOB;

/**
 * Medusa 2: the Medusa (Node) server on its own PostgreSQL, with Redis when the version needs it. Its schema is
 * created by {@code medusa db:migrate}, which must finish before the server starts, and its first admin user by
 * {@code medusa user}; both run as Jobs of the app's image, so provisioning waits twice on the way:
 *
 * <pre>
 * namespace → resource-quota | limit-range | network-policies | secret | services → database | cache
 *           → wait-database → migrations → (wait for the migration Job, at migrations) → admin-user | application
 *           → ingress → wait-ready
 * </pre>
 *
 * The image is the catalog's ({@code store.version().image()}): Medusa publishes no runtime image, so operators build
 * their project into one (docs/operations.md says what it must contain).
 */
public final class MedusaBlueprint implements EngineBlueprint {

    static final MedusaBlueprint INSTANCE = new MedusaBlueprint();

    static final int PORT = 9000;
    static final DatabaseSpec POSTGRES = new DatabaseSpec("postgres", "postgres:16-alpine", 5432,
            "/var/lib/postgresql/data",
            Map.of("POSTGRES_DB", "store", "POSTGRES_USER", "store", "PGDATA", "/var/lib/postgresql/data/pgdata"),
            Map.of("POSTGRES_PASSWORD", StoreSecretKeys.DATABASE_PASSWORD));
    static final CacheSpec REDIS = new CacheSpec("redis", "redis:7.4-alpine", 6379);
    /** The admin user's Job: once per store, whatever its revision (the user outlives upgrades). */
    public static final String ADMIN_USER_JOB = "medusa-admin-user";
    static final String MIGRATIONS_JOB_PREFIX = "medusa-migrate-r";

    /** Kubernetes expands {@code $(DB_PASSWORD)} from the secretKeyRef declared before it: no password in the spec. */
    static final String DATABASE_URL = "postgres://store:$(DB_PASSWORD)@" + POSTGRES.name() + ":" + POSTGRES.port()
            + "/store?sslmode=disable";
    /** Container env var → key in the Secret. DB_PASSWORD exists only to be expanded into DATABASE_URL. */
    static final Map<String, String> SECRET_ENV = Map.of(
            "DB_PASSWORD", StoreSecretKeys.DATABASE_PASSWORD,
            "JWT_SECRET", StoreSecretKeys.APP_SECRET,
            "COOKIE_SECRET", StoreSecretKeys.COOKIE_SECRET);

    private MedusaBlueprint() {
    }

    /** The migrations of a revision: a new name per revision, since a Job's pod template cannot change. */
    public static String migrationsJob(StoreSpec store) {
        return MIGRATIONS_JOB_PREFIX + store.revision();
    }

    @Override
    public String appName() {
        return "medusa";
    }

    @Override
    public int appPort() {
        return PORT;
    }

    @Override
    public String healthPath() {
        return "/health";
    }

    /** What Medusa's config reads (the app's and its Jobs'): DATABASE_URL, REDIS_URL, secrets, CORS of its host. */
    @Override
    public List<EnvVar> appEnv(StoreSpec store) {
        return env(store, Map.of(), Map.of());
    }

    private static List<EnvVar> env(StoreSpec store, Map<String, String> extraPlain, Map<String, String> extraSecrets) {
        Map<String, String> plain = new LinkedHashMap<>(plainEnv(store));
        plain.putAll(extraPlain);
        Map<String, String> secrets = new LinkedHashMap<>(SECRET_ENV);
        secrets.putAll(extraSecrets);
        return Containers.env(plain, secrets, Map.of("DATABASE_URL", DATABASE_URL));
    }

    private static Map<String, String> plainEnv(StoreSpec store) {
        String origins = "https://" + store.host() + ",http://" + store.host();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NODE_ENV", "production");
        env.put("PORT", Integer.toString(PORT));
        // One process serves the API and runs background work: a store is small.
        env.put("MEDUSA_WORKER_MODE", "shared");
        env.put("STORE_CORS", origins);
        env.put("ADMIN_CORS", origins);
        env.put("AUTH_CORS", origins);
        INSTANCE.cache(store).ifPresent(cache -> env.put("REDIS_URL", "redis://" + cache.name() + ":" + cache.port()));
        return env;
    }

    @Override
    public DatabaseSpec database() {
        return POSTGRES;
    }

    @Override
    public Optional<CacheSpec> cache(StoreSpec store) {
        return store.version().requiresRedis() ? Optional.of(REDIS) : Optional.empty();
    }

    /** Medusa keeps nothing on the app's disk that must outlive a pod. */
    @Override
    public boolean contentVolume() {
        return false;
    }

    @Override
    public List<String> secretKeys() {
        return List.of(StoreSecretKeys.DATABASE_PASSWORD, StoreSecretKeys.ADMIN_PASSWORD, StoreSecretKeys.APP_SECRET,
                StoreSecretKeys.COOKIE_SECRET);
    }

    /** The Jobs run Medusa's code against the database too. */
    @Override
    public List<String> databaseClients() {
        return List.of(COMPONENT_APP, COMPONENT_JOB);
    }

    @Override
    public List<WaitStep> engineWaits(StoreSpec store) {
        List<String> statefulSets = new ArrayList<>(List.of(POSTGRES.name()));
        cache(store).ifPresent(cache -> statefulSets.add(cache.name()));
        return List.of(
                new WaitStep(StepName.WAIT_DATABASE, statefulSets, List.of(), List.of()),
                new WaitStep(StepName.MIGRATIONS, List.of(), List.of(), List.of(migrationsJob(store))),
                new WaitStep(StepName.WAIT_READY, statefulSets, List.of(appName()),
                        List.of(migrationsJob(store), ADMIN_USER_JOB)));
    }

    @Override
    public List<Phase> enginePhases(StoreSpec store, WorkerConfig config) {
        List<WaitStep> waits = engineWaits(store);
        List<StoreStep> data = new ArrayList<>(List.of(StoreSteps.database(store, config)));
        StoreSteps.cache(store).ifPresent(data::add);
        return List.of(
                Phase.apply(StoreSteps.namespace(store)),
                Phase.apply(StoreSteps.fences(store, config)),
                Phase.apply(data),
                Phase.await(waits.get(0)),
                Phase.apply(StoreStep.of(StepName.MIGRATIONS, "medusa db:migrate, before the app starts",
                        migrations(store))),
                Phase.await(waits.get(1)),
                Phase.apply(StoreStep.of(StepName.ADMIN_USER, "the first admin user; its password only in the Secret",
                        adminUser(store)), StoreSteps.application(store, config)),
                Phase.apply(StoreSteps.entry(store, config)),
                Phase.await(waits.get(2)));
    }

    /** Links are synced too, only their safe changes: a Job has no terminal to answer a prompt. */
    static Job migrations(StoreSpec store) {
        return JobObjects.job(store, migrationsJob(store), "migrate", List.of("medusa"),
                List.of("db:migrate", "--execute-safe-links"), INSTANCE.appEnv(store));
    }

    /** The password reaches the command line through {@code $(ADMIN_PASSWORD)}, expanded in the pod, never in the spec. */
    static Job adminUser(StoreSpec store) {
        List<EnvVar> env = env(store, Map.of("ADMIN_EMAIL", adminEmail(store)),
                Map.of("ADMIN_PASSWORD", StoreSecretKeys.ADMIN_PASSWORD));
        return JobObjects.job(store, ADMIN_USER_JOB, "admin-user", List.of("medusa"),
                List.of("user", "-e", "$(ADMIN_EMAIL)", "-p", "$(ADMIN_PASSWORD)"), env);
    }

    /** Who signs in to the store's admin: {@code admin@<host>}, with the password from the Secret. */
    public static String adminEmail(StoreSpec store) {
        return "admin@" + store.host();
    }
}
