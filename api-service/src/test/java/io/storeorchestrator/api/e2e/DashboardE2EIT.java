package io.storeorchestrator.api.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.storeorchestrator.clustersim.ClusterSimConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser (headless Chromium) against the whole platform on the simulated cluster: sign in,
 * a bad name's error next to the field, a store created and turning READY live (no reload, no polling), a FAILED
 * store's reason and its retry, a delete with its confirmation, the activity log and the metrics; with a screenshot
 * of each page in {@code target/screenshots/}. The README's images are copied from there
 * ({@code for n in stores store store-failed create activity metrics stores-phone; do cp
 * api-service/target/screenshots/$n.png docs/images/dashboard-$n.png; done}). The tests run in order, in one browser
 * session, as a person would use the dashboard.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardE2EIT {

    private static final Duration SETTLE = Duration.ofSeconds(90);

    private static PlatformStack stack;
    private static ApiClient api;
    private static DashboardBrowser browser;
    private static String tenantKey;
    private static String upgradedId;

    @BeforeAll
    static void startPlatformAndBrowser() {
        assumeTrue(DashboardBrowser.available(), "Chromium is not installed: the dashboard's browser tests are skipped."
                + " Enable them with: apt-get install chromium chromium-driver");
        stack = new PlatformStack(ClusterSimConfig.forTests());
        api = stack.startApi(Map.of("STORE_BASE_DOMAIN", "shops.e2e.test", "PROVISIONING_TIMEOUT", "2m"));
        stack.startWorker("provisioner-worker-1", Map.of());
        stack.startWorker("provisioner-worker-2", Map.of());
        seedStores();
        browser = DashboardBrowser.start(stack.api().baseUrl());
    }

    /** A tenant with stores of its own, a store with two revisions, and one that always fails: pages worth a look. */
    private static void seedStores() {
        JsonNode tenant = api.send("POST", "/api/v1/tenants", "{\"name\":\"acme\",\"maxStores\":10}").body();
        tenantKey = api.send("POST", "/api/v1/tenants/" + tenant.path("id").asText() + "/keys", null).body()
                .path("key").asText();
        ApiClient acme = api.as(tenantKey);
        String books = id(acme.createStore("acme-books", "medusa"));
        String outlet = id(acme.createStore("acme-outlet", "woocommerce", "medium", "6.6"));
        upgradedId = id(api.createStore("corner-shop", "woocommerce", "small", "6.5"));
        String broken = id(api.createStore("broken-checkout", "woocommerce"));
        awaitStatus(books, "READY");
        awaitStatus(outlet, "READY");
        awaitStatus(upgradedId, "READY");
        awaitStatus(broken, "FAILED");
        assertThat(api.update(upgradedId, "{\"version\":\"6.6\"}").status()).isEqualTo(202);
        await("corner-shop at revision 2").atMost(SETTLE)
                .until(() -> api.store(upgradedId).body().path("revision").asInt() == 2);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void signInRefusesAnUnknownKeyThenOpensTheStoresLive() {
        browser.load("/");
        browser.screenshot("sign-in");
        signIn("so_not-a-key-of-this-platform-000000000000000000000");
        assertThat(browser.visible(By.id("signin-error")).getText()).contains("not accepted");

        signIn(PlatformStack.ADMIN_KEY);
        WebElement table = browser.visible(By.id("stores-table"));
        browser.await("the live feed connected", SETTLE, d -> "live".equals(d.findElement(By.id("live-state")).getAttribute("data-state")));
        assertThat(table.getText()).contains("acme-books", "acme-outlet", "corner-shop", "broken-checkout");
        assertThat(row("acme-books").getText()).contains("acme", "medusa");
        assertThat(row("corner-shop").findElement(By.cssSelector(".badge")).getText()).isEqualTo("READY");
        assertThat(row("broken-checkout").findElement(By.cssSelector(".badge")).getText()).isEqualTo("FAILED");
        // The key stays in this tab's session storage: never in the address, never kept beyond the session.
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(PlatformStack.ADMIN_KEY);
        assertThat(browser.js("return JSON.stringify(localStorage)")).asString().doesNotContain(PlatformStack.ADMIN_KEY);
        assertThat(browser.driver().getPageSource()).doesNotContain(PlatformStack.ADMIN_KEY);
        browser.screenshot("stores");
    }

    @Test
    @Order(2)
    void theApiRefusalOfABadNameIsShownNextToTheNameField() {
        browser.go("/new");
        WebElement name = browser.visible(By.id("store-name"));
        browser.await("the versions offered", SETTLE, d -> !new Select(d.findElement(By.id("store-version"))).getOptions().isEmpty());
        assertThat(new Select(browser.driver().findElement(By.id("store-engine"))).getOptions())
                .extracting(WebElement::getText).contains("WooCommerce", "Medusa");
        browser.screenshot("create");
        name.sendKeys("Bad_Name!");
        browser.clickable(By.cssSelector("#create-form button[type=submit]")).click();
        WebElement error = browser.visible(By.id("name-error"));
        assertThat(error.getText()).contains("INVALID_STORE_NAME");
        assertThat(name.getAttribute("aria-describedby")).contains("name-error");

        name.clear();
        name.sendKeys("corner-shop");
        browser.clickable(By.cssSelector("#create-form button[type=submit]")).click();
        browser.await("STORE_NAME_TAKEN by the name", SETTLE,
                d -> d.findElement(By.id("name-error")).getText().contains("STORE_NAME_TAKEN"));
        browser.screenshot("create-error");

        name.clear();
        name.sendKeys("short-lived");
        WebElement ttl = browser.visible(By.id("store-ttl"));
        ttl.sendKeys("soon");
        browser.clickable(By.cssSelector("#create-form button[type=submit]")).click();
        browser.await("INVALID_EXPIRY by the expiry field", SETTLE,
                d -> d.findElement(By.id("ttl-error")).getText().contains("INVALID_EXPIRY"));
        assertThat(browser.driver().findElements(By.id("name-error"))).isEmpty();
        // Keys, not clear(): clear() fires no input event, so the form would keep "soon" for the next test.
        ttl.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        assertThat(ttl.getAttribute("value")).isEmpty();
    }

    @Test
    @Order(3)
    void aStoreCreatedInTheFormTurnsReadyWithoutAReload() {
        browser.go("/new");
        WebElement name = browser.visible(By.id("store-name"));
        browser.js("window.sameDocument = true");
        name.clear();
        name.sendKeys("dash-shop");
        new Select(browser.driver().findElement(By.id("store-plan"))).selectByValue("small");
        browser.clickable(By.cssSelector("#create-form button[type=submit]")).click();

        browser.await("the store READY on its page", SETTLE, d -> "READY".equals(statusOnPage()));
        assertThat(browser.js("return window.sameDocument === true")).isEqualTo(true);
        String id = (String) browser.js("return location.hash.split('/').pop()");
        // Live, not polled: the page read the store once and learnt the rest from the stream.
        assertThat(((Number) browser.js("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.endsWith('/api/v1/stores/' + arguments[0])).length", id)).intValue()).isEqualTo(1);
        browser.await("READY in the timeline", SETTLE, d -> d.findElement(By.id("timeline-list")).getText().contains("READY"));
        browser.visible(By.id("step-chart"));
        assertThat(browser.driver().findElement(By.id("retry")).isEnabled()).isFalse();
        assertThat(browser.driver().findElement(By.id("delete")).isEnabled()).isTrue();

        // An expiry is set and cleared from the page, each a change of its own that the page learns from the stream.
        assertThat(browser.visible(By.id("store-expires")).getText()).isEqualTo("never");
        browser.visible(By.id("expiry-ttl")).sendKeys("72h");
        browser.clickable(By.id("set-expiry")).click();
        browser.await("the expiry shown", SETTLE, d -> d.findElement(By.id("store-expires")).getText().contains("(in "));
        browser.clickable(By.id("clear-expiry")).click();
        browser.await("no expiry shown", SETTLE, d -> "never".equals(d.findElement(By.id("store-expires")).getText()));
        assertThat(statusOnPage()).isEqualTo("READY");

        browser.go("/");
        browser.await("dash-shop READY in the table", SETTLE, d -> row("dash-shop").getText().contains("READY"));
    }

    @Test
    @Order(4)
    void aFailedStoreSaysWhyAndARetryBringsItToReady() {
        String id = id(api.createStore("crash-" + suffix(), "woocommerce"));
        browser.go("/stores/" + id);
        browser.await("the store FAILED on its page", SETTLE, d -> "FAILED".equals(statusOnPage()));
        assertThat(browser.visible(By.id("failure-reason")).getText()).isEqualTo("CrashLoopBackOff");
        assertThat(browser.driver().findElement(By.id("failure-step")).getText()).isEqualTo("wait-ready");
        assertThat(browser.driver().findElement(By.id("failure-message")).getText()).isNotBlank();
        assertThat(browser.driver().findElement(By.id("upgrade")).isEnabled()).isFalse();
        browser.await("FAILED in the timeline", SETTLE,
                d -> !d.findElements(By.cssSelector("#timeline-list li[data-type=FAILED]")).isEmpty());
        browser.screenshot("store-failed");

        browser.clickable(By.id("retry")).click();
        assertThat(browser.visible(By.id("action-answer")).getText()).contains("Retry: accepted");
        browser.await("the store READY on its page", SETTLE, d -> "READY".equals(statusOnPage()));
        assertThat(browser.driver().findElements(By.id("failure"))).isEmpty();
    }

    @Test
    @Order(5)
    void aStorePageShowsItsTimelineAndRevisionsAndItsDeleteAsksFirst() {
        browser.go("/stores/" + upgradedId);
        browser.visible(By.id("revisions-table"));
        browser.await("two revisions", SETTLE, d -> d.findElements(By.cssSelector("#revisions-table tbody tr")).size() == 2);
        assertThat(new Select(browser.driver().findElement(By.id("rollback-revision"))).getOptions())
                .extracting(WebElement::getText).containsExactly("1: 6.5, small");
        browser.visible(By.id("step-chart"));
        browser.screenshot("store");

        browser.clickable(By.id("delete")).click();
        WebElement dialog = browser.visible(By.id("delete-dialog"));
        assertThat(dialog.getText()).contains("Delete the store “corner-shop”?");
        dialog.findElement(By.cssSelector("button[value=cancel]")).click();
        assertThat(api.status(upgradedId)).isEqualTo("READY");

        browser.clickable(By.id("delete")).click();
        browser.clickable(By.id("confirm-delete")).click();
        browser.await("the store DELETED on its page", SETTLE, d -> "DELETED".equals(statusOnPage()));
        assertThat(browser.driver().findElement(By.id("delete")).isEnabled()).isFalse();
    }

    @Test
    @Order(6)
    void theActivityLogShowsWhatWasDoneNewestFirst() {
        browser.go("/activity");
        WebElement table = browser.visible(By.id("activity-table"));
        browser.await("the delete in the activity", SETTLE, d -> !d.findElements(By.cssSelector(
                "#activity-table tr[data-action=STORE_DELETE_REQUESTED][data-store-name=corner-shop]")).isEmpty());
        // Newest first: the last thing that happened was corner-shop's deletion.
        List<WebElement> rows = table.findElements(By.cssSelector("tbody tr"));
        assertThat(rows.get(0).getAttribute("data-store-name")).isEqualTo("corner-shop");
        assertThat(table.getText()).contains("Store created", "dash-shop", "Store retry requested", "(dashboard)");
        browser.screenshot("activity");
    }

    @Test
    @Order(7)
    void theMetricsSummaryShowsCountsFailuresAndTimeToReady() {
        browser.go("/metrics");
        browser.visible(By.id("metric-tiles"));
        browser.await("broken-checkout among the failures", SETTLE, d -> d.findElement(By.id("recent-failures")).getText().contains("broken-checkout"));
        assertThat(browser.driver().findElement(By.cssSelector(".status-counts li[data-status=READY] strong"))
                .getText()).isNotEqualTo("0");
        browser.screenshot("metrics");
    }

    @Test
    @Order(8)
    void itFitsAPhoneAndNeverBrokeItsContentSecurityPolicy() {
        browser.viewport(390, 844, true);
        try {
            browser.go("/");
            browser.visible(By.id("stores-table"));
            browser.screenshot("stores-phone", 1400);
            browser.go("/stores/" + anyReadyStore());
            browser.visible(By.id("details"));
            browser.screenshot("store-phone", 1400);
            Number overflow = (Number) browser.js("return document.documentElement.scrollWidth - innerWidth");
            assertThat(overflow.intValue()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(0);
        } finally {
            browser.viewport(DashboardBrowser.DESKTOP_WIDTH, DashboardBrowser.DESKTOP_HEIGHT, false);
        }
        assertThat(browser.consoleErrors()).noneMatch(m -> m.contains("Content Security Policy") || m.contains("Uncaught"));

        browser.clickable(By.cssSelector("header .who button")).click();
        browser.visible(By.id("api-key"));
        assertThat(browser.js("return sessionStorage.length")).isEqualTo(0L);
    }

    @Test
    @Order(9)
    void aTenantSeesOnlyItsOwnStores() {
        browser.load("/");
        signIn(tenantKey);
        WebElement table = browser.visible(By.id("stores-table"));
        browser.await("acme's stores", SETTLE, d -> table.getText().contains("acme-books"));
        assertThat(table.getText()).contains("acme-outlet").doesNotContain("broken-checkout", "dash-shop");
        assertThat(table.findElements(By.xpath(".//thead/tr/th[normalize-space()='Tenant']"))).isEmpty();
        assertThat(browser.driver().findElement(By.cssSelector("header .role")).getText()).isEqualTo("Tenant");
        browser.clickable(By.cssSelector("header .who button")).click();
        browser.visible(By.id("api-key"));
    }

    private static String anyReadyStore() {
        return id(api.send("GET", "/api/v1/stores?limit=1&status=READY", null).body().path("items").path(0));
    }

    private static void signIn(String key) {
        WebElement field = browser.visible(By.id("api-key"));
        field.clear();
        field.sendKeys(key, Keys.ENTER);
    }

    private static WebElement row(String storeName) {
        return browser.driver().findElement(By.cssSelector("#stores-table tr[data-store-name='" + storeName + "']"));
    }

    private static String statusOnPage() {
        return browser.driver().findElement(By.cssSelector(".page-head .badge")).getAttribute("data-status");
    }

    private static String id(ApiClient.Reply reply) {
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(202);
        return id(reply.body());
    }

    private static String id(JsonNode store) {
        return store.path("id").asText();
    }

    private static void awaitStatus(String id, String status) {
        await(id + " " + status).atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> api.status(id).equals(status));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
