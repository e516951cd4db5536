package io.storeorchestrator.api.auth;

import io.storeorchestrator.api.error.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {

    @Test
    void keysAreRecognisableHighEntropyAndNeverRepeat() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = ApiKeys.generate();
            assertThat(key).matches("so_[A-Za-z0-9_-]{43}");
            assertThat(ApiKeys.isWellFormed(key)).isTrue();
            keys.add(key);
        }
        assertThat(keys).hasSize(1000);
        assertThat(ApiKeys.hash("so_x")).hasSize(32).isEqualTo(ApiKeys.hash("so_x")).isNotEqualTo(ApiKeys.hash("so_y"));
        assertThat(ApiKeys.isWellFormed("so_short")).isFalse();
        assertThat(ApiKeys.isWellFormed("xx_" + "a".repeat(43))).isFalse();
    }

    @Test
    void onlyBearerCredentialsOfTokenCharactersAreAccepted() {
        assertThat(Authenticator.bearerCredential("Bearer so_abc")).isEqualTo("so_abc");
        assertThat(Authenticator.bearerCredential("bearer   eyJ.eyJ.sig ")).isEqualTo("eyJ.eyJ.sig");
        for (String bad : new String[]{null, "", "  ", "Basic YTpi", "Bearer", "Bearer ", "Bearer a b",
                "Bearer so_\u00e9", "Bearer so_\u0000", "Token so_abc", "Bearer " + "a".repeat(9000)}) {
            assertThatThrownBy(() -> Authenticator.bearerCredential(bad)).as(String.valueOf(bad))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.code().name()).isEqualTo("UNAUTHENTICATED"));
        }
    }

    @Test
    void aGuessableAdminKeyIsRefusedAtStartAndRotationTakesTwo() {
        assertThatThrownBy(() -> config("admin")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API_BOOTSTRAP_ADMIN_KEY").hasMessageNotContaining("admin\"");
        assertThatThrownBy(() -> config("so_" + "a".repeat(40) + " space")).isInstanceOf(IllegalArgumentException.class);
        String one = ApiKeys.generate();
        String two = ApiKeys.generate();
        assertThat(config(one + ", " + two).bootstrapAdminKeys()).containsExactly(one, two);
        assertThat(config("").bootstrapAdminKeys()).isEmpty();
        assertThat(config(null).bootstrapAdminKeys()).isEmpty();
    }

    private static AccessConfig config(String adminKey) {
        return new AccessConfig(adminKey, true, 30, 5, Duration.ofHours(24), null, null, null, "tenant", null);
    }
}
