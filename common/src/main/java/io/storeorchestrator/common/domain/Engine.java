package io.storeorchestrator.common.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The e-commerce engines a store can run: the facts that do not change between versions. What is offered of each
 * (versions, images, whether it may be created) is configuration: {@link io.storeorchestrator.common.catalog.StoreCatalog}.
 *
 * @param id             the name clients send ({@code "woocommerce"})
 * @param displayName    the name people read ({@code "WooCommerce"})
 * @param appContainer   application container (and Deployment) name
 * @param appPort        port the application serves HTTP on
 * @param healthPath     HTTP path for readiness and liveness probes
 * @param database       the database the engine runs on
 * @param appSecretEnv   application env var → key in the store's Secret
 * @param appPlainEnv    application env vars with fixed values; {@code {db-host}} and {@code {host}} are filled in
 */
public enum Engine {

    WOOCOMMERCE("woocommerce", "WooCommerce", "wordpress", 80, "/wp-login.php",
            DatabaseKind.MARIADB,
            Map.of("WORDPRESS_DB_PASSWORD", StoreSecretKeys.DATABASE_PASSWORD,
                    "WORDPRESS_AUTH_KEY", StoreSecretKeys.APP_SECRET),
            Map.of("WORDPRESS_DB_HOST", "{db-host}:3306",
                    "WORDPRESS_DB_USER", "store",
                    "WORDPRESS_DB_NAME", "store")),

    MEDUSA("medusa", "Medusa", "medusa", 9000, "/health",
            DatabaseKind.POSTGRES,
            Map.of("JWT_SECRET", StoreSecretKeys.APP_SECRET,
                    "COOKIE_SECRET", StoreSecretKeys.APP_SECRET,
                    "POSTGRES_PASSWORD", StoreSecretKeys.DATABASE_PASSWORD),
            Map.of("DATABASE_HOST", "{db-host}",
                    "DATABASE_PORT", "5432",
                    "DATABASE_USER", "store",
                    "DATABASE_NAME", "store"));

    private final String id;
    private final String displayName;
    private final String appContainer;
    private final int appPort;
    private final String healthPath;
    private final DatabaseKind database;
    private final Map<String, String> appSecretEnv;
    private final Map<String, String> appPlainEnv;

    Engine(String id, String displayName, String appContainer, int appPort, String healthPath,
           DatabaseKind database, Map<String, String> appSecretEnv, Map<String, String> appPlainEnv) {
        this.id = id;
        this.displayName = displayName;
        this.appContainer = appContainer;
        this.appPort = appPort;
        this.healthPath = healthPath;
        this.database = database;
        this.appSecretEnv = appSecretEnv;
        this.appPlainEnv = appPlainEnv;
    }

    /** Looks an engine up by the id clients send, ignoring case. */
    public static Optional<Engine> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.id.equals(wanted)).findFirst();
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public String appContainer() {
        return appContainer;
    }

    public int appPort() {
        return appPort;
    }

    public String healthPath() {
        return healthPath;
    }

    public DatabaseKind database() {
        return database;
    }

    public Map<String, String> appSecretEnv() {
        return appSecretEnv;
    }

    public Map<String, String> appPlainEnv() {
        return appPlainEnv;
    }
}
