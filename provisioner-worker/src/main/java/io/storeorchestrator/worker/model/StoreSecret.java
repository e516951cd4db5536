package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.storeorchestrator.common.domain.StoreSecretKeys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The store's generated credentials, one random value per key its engine needs. Generated at the moment it is written
 * and created only if absent, so a re-run never rotates passwords the database was initialised with. A generated one
 * is never logged: Fabric8's toString prints data.
 */
public final class StoreSecret {

    /** 32 random bytes: 256 bits, well beyond guessing, and a length every engine accepts. */
    static final int RANDOM_BYTES = 32;

    private StoreSecret() {
    }

    /**
     * The Secret as the store's objects list it: name, labels and keys, every value empty. What provisioning writes is
     * {@link #generate(Secret, SecureRandom)} of it; what a render prints is this, with no secret in it.
     */
    public static Secret shape(StoreSpec store) {
        Map<String, String> data = new LinkedHashMap<>();
        for (String key : store.blueprint().secretKeys()) {
            data.put(key, "");
        }
        return new SecretBuilder()
                .withMetadata(store.metadata(StoreSecretKeys.SECRET_NAME))
                .withType("Opaque")
                .withData(data)
                .build();
    }

    /** {@code shape} with a fresh random value for each of its keys. */
    public static Secret generate(Secret shape, SecureRandom random) {
        Map<String, String> data = new LinkedHashMap<>();
        for (String key : shape.getData().keySet()) {
            data.put(key, base64(randomValue(random)));
        }
        return new SecretBuilder(shape).withData(data).build();
    }

    public static Secret generate(StoreSpec store, SecureRandom random) {
        return generate(shape(store), random);
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
