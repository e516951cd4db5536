package io.storeorchestrator.common.domain;

import java.util.Map;

/**
 * The per-store database an engine runs on, described as data so the worker's builders stay generic.
 *
 * @param image           default container image
 * @param port            port the database listens on
 * @param dataPath        where the volume is mounted
 * @param containerName   container (and StatefulSet) name
 * @param secretEnv       container env var → key in the store's generated Secret
 * @param plainEnv        container env vars with fixed values
 */
public record DatabaseKind(
        String image,
        int port,
        String dataPath,
        String containerName,
        Map<String, String> secretEnv,
        Map<String, String> plainEnv) {

    public static final DatabaseKind MARIADB = new DatabaseKind(
            "mariadb:11.4",
            3306,
            "/var/lib/mysql",
            "mariadb",
            Map.of("MARIADB_ROOT_PASSWORD", StoreSecretKeys.DATABASE_ROOT_PASSWORD,
                    "MARIADB_PASSWORD", StoreSecretKeys.DATABASE_PASSWORD),
            Map.of("MARIADB_DATABASE", "store", "MARIADB_USER", "store"));

    public static final DatabaseKind POSTGRES = new DatabaseKind(
            "postgres:16-alpine",
            5432,
            "/var/lib/postgresql/data",
            "postgres",
            Map.of("POSTGRES_PASSWORD", StoreSecretKeys.DATABASE_PASSWORD),
            Map.of("POSTGRES_DB", "store", "POSTGRES_USER", "store", "PGDATA", "/var/lib/postgresql/data/pgdata"));
}
