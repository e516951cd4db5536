package io.storeorchestrator.common.domain;

/** Keys of the Secret generated for each store. Values are generated in the cluster path only, never logged or returned. */
public final class StoreSecretKeys {

    public static final String SECRET_NAME = "store-credentials";
    public static final String DATABASE_PASSWORD = "database-password";
    public static final String DATABASE_ROOT_PASSWORD = "database-root-password";
    public static final String ADMIN_PASSWORD = "admin-password";
    public static final String APP_SECRET = "app-secret";
    /** Medusa signs its session cookies with it, apart from its JWTs (app-secret). */
    public static final String COOKIE_SECRET = "cookie-secret";

    private StoreSecretKeys() {
    }
}
