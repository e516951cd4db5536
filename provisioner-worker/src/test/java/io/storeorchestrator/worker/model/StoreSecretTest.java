package io.storeorchestrator.worker.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.storeorchestrator.common.domain.StoreSecretKeys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class StoreSecretTest {

    @Test
    void holdsEveryKeyWithALongRandomValue() {
        Secret secret = StoreSecret.generate(Fixtures.woo(), new SecureRandom());

        assertThat(secret.getMetadata().getName()).isEqualTo(StoreSecretKeys.SECRET_NAME);
        assertThat(secret.getMetadata().getNamespace()).isEqualTo(Fixtures.woo().namespace());
        assertThat(secret.getMetadata().getLabels()).containsAllEntriesOf(Fixtures.woo().labels());
        assertThat(secret.getData()).containsOnlyKeys(StoreSecretKeys.DATABASE_PASSWORD,
                StoreSecretKeys.DATABASE_ROOT_PASSWORD, StoreSecretKeys.ADMIN_PASSWORD, StoreSecretKeys.APP_SECRET);
        secret.getData().values().forEach(encoded -> {
            String value = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            assertThat(value).hasSizeGreaterThanOrEqualTo(40).matches("[A-Za-z0-9_-]+");
        });
        assertThat(secret.getData().values()).doesNotHaveDuplicates();
    }

    @Test
    void medusaGetsACookieSecretApartFromItsJwtSecretAndNoRootPassword() {
        Secret secret = StoreSecret.generate(Fixtures.medusa(), new SecureRandom());

        assertThat(secret.getData()).containsOnlyKeys(StoreSecretKeys.DATABASE_PASSWORD, StoreSecretKeys.ADMIN_PASSWORD,
                StoreSecretKeys.APP_SECRET, StoreSecretKeys.COOKIE_SECRET);
        assertThat(secret.getData().values()).doesNotHaveDuplicates().allSatisfy(v -> assertThat(v).isNotEmpty());
    }

    @Test
    void theShapeListsTheKeysWithoutAnyValue() {
        Secret shape = StoreSecret.shape(Fixtures.medusa());

        assertThat(shape.getMetadata().getName()).isEqualTo(StoreSecretKeys.SECRET_NAME);
        assertThat(shape.getData()).containsKeys(StoreSecretKeys.ADMIN_PASSWORD).allSatisfy((key, value) ->
                assertThat(value).isEmpty());
        assertThat(StoreSecret.generate(shape, new SecureRandom()).getMetadata()).isEqualTo(shape.getMetadata());
    }

    @Test
    void everyGenerationIsDifferent() {
        SecureRandom random = new SecureRandom();
        Secret first = StoreSecret.generate(Fixtures.woo(), random);
        Secret second = StoreSecret.generate(Fixtures.woo(), random);

        assertThat(first.getData().get(StoreSecretKeys.DATABASE_PASSWORD))
                .isNotEqualTo(second.getData().get(StoreSecretKeys.DATABASE_PASSWORD));
    }
}
