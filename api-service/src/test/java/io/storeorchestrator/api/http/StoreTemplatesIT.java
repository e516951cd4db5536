package io.storeorchestrator.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.api.support.ApiFixture;
import io.storeorchestrator.api.support.Outbox;
import io.storeorchestrator.api.support.RunningApi;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.storeorchestrator.api.http.StoreApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Store templates through the API, against the real PostgreSQL and RabbitMQ: the listing, a create that names one
 * (the store shows it, its PROVISION and a retry's carry it), and every way a template can be wrong.
 */
class StoreTemplatesIT {

    private static ApiFixture fixture;
    private static RunningApi api;

    @BeforeAll
    static void start() {
        fixture = ApiFixture.start();
        api = fixture.api;
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void theCatalogsTemplatesAreListedAllOrByEngine() {
        JsonNode all = api.get("/api/v1/templates").json().get("items");
        assertThat(ids(all)).containsExactly("woo-storefront", "medusa-demo");
        JsonNode woo = all.get(0);
        assertThat(woo.get("engine").asText()).isEqualTo("woocommerce");
        assertThat(woo.get("description").asText()).isNotBlank();
        assertThat(woo.at("/theme/slug").asText()).isEqualTo("storefront");
        assertThat(woo.at("/theme/version").asText()).isEqualTo("4.6.0");
        assertThat(woo.at("/plugins/0/slug").asText()).isEqualTo("woocommerce");
        assertThat(woo.get("seed").isNull()).isTrue();
        assertThat(all.get(1).at("/seed/script").asText()).isEqualTo("./src/scripts/seed.ts");
        assertThat(all.get(1).get("plugins")).isEmpty();
        assertThat(all.toString()).as("images are the platform's business").doesNotContain("wordpress:", "cli");

        assertThat(ids(api.get("/api/v1/templates?engine=medusa").json().get("items"))).containsExactly("medusa-demo");
        assertThat(ids(api.get("/api/v1/templates?engine=WooCommerce").json().get("items")))
                .containsExactly("woo-storefront");
        assertError(api.get("/api/v1/templates?engine=magento"), 400, "INVALID_ENGINE");
    }

    @Test
    void aStoreCreatedFromATemplateShowsItAndItsProvisionAndRetryCarryIt() {
        RunningApi.Response created = api.postJson("/api/v1/stores",
                "{\"name\":\"tpl-shop\",\"engine\":\"woocommerce\",\"template\":\"woo-storefront\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        assertThat(created.json().get("template").asText()).isEqualTo("woo-storefront");
        String id = created.json().get("id").asText();
        assertThat(fixture.store(id).get("template").asText()).isEqualTo("woo-storefront");
        StoreCommand provision = Outbox.last(fixture.db, id);
        assertThat(provision.type()).isEqualTo(CommandType.PROVISION);
        assertThat(provision.template()).isEqualTo("woo-storefront");

        fixture.apply(id, 1, StoreEventType.FAILED, "Job store-template failed: BackoffLimitExceeded");
        RunningApi.Response retried = api.send("POST", "/api/v1/stores/" + id + "/retry", null, null, Map.of());
        assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
        assertThat(Outbox.last(fixture.db, id).template()).as("a retry installs the template again").isEqualTo(
                "woo-storefront");
        assertThat(retried.json().get("template").asText()).isEqualTo("woo-storefront");
    }

    @Test
    void aStoreWithoutATemplateHasNone() {
        JsonNode store = fixture.createStore("plain-shop");
        assertThat(store.get("template").isNull()).isTrue();
        assertThat(Outbox.last(fixture.db, store.get("id").asText()).template()).isNull();
    }

    @Test
    void anUnknownTemplateOrOneOfAnotherEngineIsRefusedSayingWhichTheEngineHas() {
        RunningApi.Response unknown = api.postJson("/api/v1/stores",
                "{\"name\":\"bad-tpl\",\"engine\":\"woocommerce\",\"template\":\"blog\"}");
        assertError(unknown, 400, "INVALID_TEMPLATE");
        assertThat(unknown.json().at("/error/message").asText())
                .isEqualTo("Unknown template 'blog'; templates of woocommerce are: woo-storefront");
        RunningApi.Response otherEngine = api.postJson("/api/v1/stores",
                "{\"name\":\"bad-tpl\",\"engine\":\"medusa\",\"template\":\"woo-storefront\"}");
        assertError(otherEngine, 400, "INVALID_TEMPLATE");
        assertThat(otherEngine.json().at("/error/message").asText()).contains("is for woocommerce, not medusa");
        assertError(api.postJson("/api/v1/stores",
                "{\"name\":\"bad-tpl\",\"engine\":\"woocommerce\",\"template\":42}"), 400, "VALIDATION_FAILED");
        assertError(api.postJson("/api/v1/stores",
                "{\"name\":\"bad-tpl\",\"engine\":\"woocommerce\",\"template\":\"\"}"), 400, "INVALID_TEMPLATE");
        assertThat(api.get("/api/v1/stores?name=bad-tpl").json().get("items")).as("nothing was written").isEmpty();
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}
