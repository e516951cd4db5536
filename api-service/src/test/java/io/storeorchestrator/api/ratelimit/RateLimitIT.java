package io.storeorchestrator.api.ratelimit;

import io.storeorchestrator.api.support.ApiFixture;
import io.storeorchestrator.api.support.RunningApi;
import io.storeorchestrator.api.support.Tenants;
import io.storeorchestrator.api.support.Tenants.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate limits shared by two API replicas on one PostgreSQL, as the chart runs them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitIT {

    static final int PER_MINUTE = 20;
    static final int CREATES_PER_MINUTE = 2;

    private ApiFixture fixture;
    private RunningApi one;
    private RunningApi two;

    @BeforeAll
    void start() {
        fixture = ApiFixture.start(RateLimitIT::limits);
        one = fixture.api;
        Map<String, Object> props = RunningApi.properties(fixture.db, fixture.broker.settings());
        limits(props);
        two = RunningApi.start(props);
    }

    private static void limits(Map<String, Object> props) {
        props.put("api.access.requests-per-minute", PER_MINUTE);
        props.put("api.access.creates-per-minute", CREATES_PER_MINUTE);
    }

    @AfterAll
    void stop() {
        two.close();
        fixture.close();
    }

    @Test
    void twoReplicasShareOneLimitPerKey() {
        // The admin key is limited like any other; these tests keep off it so the fixture stays usable.
        Tenant tenant = tenant("shared-limit", "");
        for (int i = 0; i < PER_MINUTE; i++) {
            RunningApi replica = i % 2 == 0 ? one : two;
            assertThat(replica.as(tenant.key(), "GET", "/api/v1/stores", null).status()).as("request " + i)
                    .isEqualTo(200);
        }
        for (RunningApi replica : new RunningApi[]{one, two}) {
            RunningApi.Response limited = replica.as(tenant.key(), "GET", "/api/v1/stores", null);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.errorCode()).isEqualTo("RATE_LIMITED");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        }
        Tenant other = tenant("other-limit", "");
        assertThat(two.as(other.key(), "GET", "/api/v1/stores", null).status()).as("another key").isEqualTo(200);
    }

    @Test
    void createsHaveAStricterLimitAndTenantsTheirOwn() {
        Tenant tenant = tenant("create-limit", "");
        for (int i = 0; i < CREATES_PER_MINUTE; i++) {
            assertThat(one.as(tenant.key(), "POST", "/api/v1/stores",
                    "{\"name\":\"limited-" + i + "\",\"engine\":\"woocommerce\"}").status()).isEqualTo(202);
        }
        RunningApi.Response limited = two.as(tenant.key(), "POST", "/api/v1/stores",
                "{\"name\":\"limited-x\",\"engine\":\"woocommerce\"}");
        assertThat(limited.errorCode()).isEqualTo("RATE_LIMITED");
        assertThat(limited.json().at("/error/message").asText()).contains("store creation");
        assertThat(two.as(tenant.key(), "GET", "/api/v1/stores", null).status()).as("reads go on").isEqualTo(200);

        Tenant generous = tenant("generous", ",\"requestsPerMinute\":3,\"createsPerMinute\":5");
        for (int i = 0; i < 3; i++) {
            assertThat(one.as(generous.key(), "GET", "/api/v1/stores", null).status()).isEqualTo(200);
        }
        assertThat(two.as(generous.key(), "GET", "/api/v1/stores", null).errorCode()).isEqualTo("RATE_LIMITED");
    }

    @Test
    void unauthenticatedCallersAreLimitedByAddress() {
        // Both replicas see 127.0.0.1: guessing keys is throttled across them.
        int refused = 0;
        for (int i = 0; i < PER_MINUTE; i++) {
            refused += (i % 2 == 0 ? one : two).as("so_" + "B".repeat(43), "GET", "/api/v1/stores", null).status()
                    == 401 ? 1 : 0;
        }
        assertThat(refused).isEqualTo(PER_MINUTE);
        assertThat(one.as(null, "GET", "/api/v1/stores", null).errorCode()).isEqualTo("RATE_LIMITED");
        assertThat(one.as(null, "GET", "/health/liveness", null).status()).as("not /api").isEqualTo(200);
    }

    @Test
    void aLimiterOutageLetsRequestsThrough() throws Exception {
        Tenant tenant = tenant("no-limiter", "");
        execute("ALTER TABLE rate_limit_buckets RENAME TO rate_limit_buckets_away");
        try {
            for (int i = 0; i < PER_MINUTE * 2; i++) {
                assertThat(one.as(tenant.key(), "GET", "/api/v1/stores", null).status()).as("request " + i)
                        .isEqualTo(200);
            }
        } finally {
            execute("ALTER TABLE rate_limit_buckets_away RENAME TO rate_limit_buckets");
        }
    }

    private Tenant tenant(String name, String extra) {
        return Tenants.create(one, "{\"name\":\"" + name + "\",\"maxStores\":10" + extra + "}");
    }

    private void execute(String sql) throws Exception {
        try (Connection c = fixture.db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
