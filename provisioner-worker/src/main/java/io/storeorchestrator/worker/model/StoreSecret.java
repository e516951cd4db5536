package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.storeorchestrator.common.domain.StoreSecretKeys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's generated credentials. Built fresh on every call but created only if absent, so a re-run never
 * rotates passwords the database was initialised with. The object is never logged: Fabric8's toString prints data.
 */
public final class StoreSecret {

    /** Every key the Secret holds; containers reach them through secretKeyRef only. */
    public static final List<String> KEYS = List.of(StoreSecretKeys.DATABASE_PASSWORD,
            StoreSecretKeys.DATABASE_ROOT_PASSWORD, StoreSecretKeys.ADMIN_PASSWORD, StoreSecretKeys.APP_SECRET);

    /** 32 random bytes: 256 bits, well beyond guessing, and a length every engine accepts. */
    static final int RANDOM_BYTES = 32;

    private StoreSecret() {
    }

    public static Secret generate(StoreSpec store, SecureRandom random) {
        Map<String, String> data = new LinkedHashMap<>();
        for (String key : KEYS) {
            data.put(key, base64(randomValue(random)));
        }
        return new SecretBuilder()
                .withMetadata(store.metadata(StoreSecretKeys.SECRET_NAME))
                .withType("Opaque")
                .withData(data)
                .build();
    }

    /** URL-safe characters only, so the value survives shell, SQL and config-file quoting inside the images. */
    private static String randomValue(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
