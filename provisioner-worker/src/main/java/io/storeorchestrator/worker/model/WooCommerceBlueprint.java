package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.storeorchestrator.common.domain.StoreSecretKeys;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.worker.config.WorkerConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.storeorchestrator.worker.model.StoreSpec.COMPONENT_APP;

/**
 * WooCommerce: WordPress (with the WooCommerce plugin in the image) on its own MariaDB. WordPress creates its schema
 * on first request, so provisioning applies everything and waits once, at wait-ready.
 *
 * <pre>
 * namespace → resource-quota | limit-range | network-policies | secret | services | content → database | application
 *           → ingress → wait-ready
 * </pre>
 *
 * WordPress writes uploads, themes and plugins into wp-content: the {@link ContentVolume} every app pod mounts.
 */
public final class WooCommerceBlueprint implements EngineBlueprint {

    static final WooCommerceBlueprint INSTANCE = new WooCommerceBlueprint();

    static final DatabaseSpec MARIADB = new DatabaseSpec("mariadb", "mariadb:11.4", 3306, "/var/lib/mysql",
            Map.of("MARIADB_DATABASE", "store", "MARIADB_USER", "store"),
            Map.of("MARIADB_ROOT_PASSWORD", StoreSecretKeys.DATABASE_ROOT_PASSWORD,
                    "MARIADB_PASSWORD", StoreSecretKeys.DATABASE_PASSWORD));

    private WooCommerceBlueprint() {
    }

    @Override
    public String appName() {
        return "wordpress";
    }

    @Override
    public int appPort() {
        return 80;
    }

    @Override
    public String healthPath() {
        return "/wp-login.php";
    }

    @Override
    public List<EnvVar> appEnv(StoreSpec store) {
        return env(Map.of(), Map.of());
    }

    /** The app's environment plus {@code extraPlain} and {@code extraSecrets} (env name → key in the Secret). */
    static List<EnvVar> env(Map<String, String> extraPlain, Map<String, String> extraSecrets) {
        Map<String, String> plain = new LinkedHashMap<>(Map.of(
                "WORDPRESS_DB_HOST", MARIADB.name() + ":" + MARIADB.port(),
                "WORDPRESS_DB_USER", "store",
                "WORDPRESS_DB_NAME", "store"));
        plain.putAll(extraPlain);
        Map<String, String> secrets = new LinkedHashMap<>(Map.of(
                "WORDPRESS_DB_PASSWORD", StoreSecretKeys.DATABASE_PASSWORD,
                "WORDPRESS_AUTH_KEY", StoreSecretKeys.APP_SECRET));
        secrets.putAll(extraSecrets);
        return Containers.env(plain, secrets, Map.of());
    }

    @Override
    public DatabaseSpec database() {
        return MARIADB;
    }

    @Override
    public Optional<CacheSpec> cache(StoreSpec store) {
        return Optional.empty();
    }

    @Override
    public boolean contentVolume() {
        return true;
    }

    @Override
    public List<String> secretKeys() {
        return List.of(StoreSecretKeys.DATABASE_PASSWORD, StoreSecretKeys.DATABASE_ROOT_PASSWORD,
                StoreSecretKeys.ADMIN_PASSWORD, StoreSecretKeys.APP_SECRET);
    }

    @Override
    public List<String> databaseClients() {
        return List.of(COMPONENT_APP);
    }

    @Override
    public List<WaitStep> engineWaits(StoreSpec store) {
        return List.of(new WaitStep(StepName.WAIT_READY, List.of(MARIADB.name()), List.of(appName()), List.of()));
    }

    @Override
    public List<Phase> enginePhases(StoreSpec store, WorkerConfig config) {
        List<Phase> phases = new ArrayList<>();
        phases.add(Phase.apply(StoreSteps.namespace(store)));
        // The claim exists before the app's pods, which would otherwise wait unschedulable for it.
        List<StoreStep> beforeTheApp = new ArrayList<>(StoreSteps.fences(store, config));
        StoreSteps.content(store, config).ifPresent(beforeTheApp::add);
        phases.add(Phase.apply(beforeTheApp));
        phases.add(Phase.apply(StoreSteps.database(store, config), StoreSteps.application(store, config)));
        phases.add(Phase.apply(StoreSteps.entry(store, config)));
        phases.add(Phase.await(engineWaits(store).getLast()));
        return List.copyOf(phases);
    }
}
