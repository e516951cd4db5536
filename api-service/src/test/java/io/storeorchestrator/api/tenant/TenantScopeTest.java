package io.storeorchestrator.api.tenant;

import io.storeorchestrator.api.auth.Caller;
import io.storeorchestrator.api.error.ApiException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantScopeTest {

    static final UUID TENANT = UUID.randomUUID();

    @Test
    void theAdminSeesEveryStoreATenantOnlyItsOwn() {
        assertThat(TenantScope.ALL.permits(null)).isTrue();
        assertThat(TenantScope.ALL.permits(TENANT)).isTrue();
        assertThat(TenantScope.ALL.where("tenant_id")).isEqualTo("TRUE");
        TenantScope mine = TenantScope.of(TENANT);
        assertThat(mine.permits(TENANT)).isTrue();
        assertThat(mine.permits(UUID.randomUUID())).isFalse();
        assertThat(mine.permits(null)).as("the platform's own stores").isFalse();
        assertThat(mine.where("s.tenant_id")).isEqualTo("s.tenant_id = ?");
    }

    @Test
    void listingFiltersAreTheAdminsOnly() {
        Caller admin = new Caller(Caller.Role.ADMIN, null, null, "key:bootstrap", null, "127.0.0.1");
        Caller tenant = tenant(List.of("small"));
        assertThat(admin.listing(null)).isEqualTo(TenantScope.ALL);
        assertThat(admin.listing(TENANT.toString())).isEqualTo(TenantScope.of(TENANT));
        assertThat(tenant.listing(UUID.randomUUID().toString())).isEqualTo(TenantScope.of(TENANT));
        assertThatThrownBy(() -> admin.listing("nope")).isInstanceOf(ApiException.class);
        assertThatThrownBy(tenant::requireAdmin).isInstanceOf(ApiException.class);
        assertThat(tenant.origin().actor()).isEqualTo("key:k1 (ci)");
    }

    @Test
    void plansAreCheckedAgainstTheTenantsList() {
        assertThatCode(() -> TenantService.requirePlan(tenant(null), "large")).doesNotThrowAnyException();
        assertThatCode(() -> TenantService.requirePlan(tenant(List.of("small")), "small")).doesNotThrowAnyException();
        assertThatThrownBy(() -> TenantService.requirePlan(tenant(List.of("small")), "large"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.code().name()).isEqualTo("PLAN_NOT_ALLOWED"));
    }

    private static Caller tenant(List<String> plans) {
        return new Caller(Caller.Role.TENANT, TENANT, new TenantLimits("team", 3, plans, null, null), "key:k1", "ci",
                "127.0.0.1");
    }
}
