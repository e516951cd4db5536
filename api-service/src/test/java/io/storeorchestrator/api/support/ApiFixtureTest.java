package io.storeorchestrator.api.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A test class that runs its tests against one api-service of its own, on a test database and broker topology of its
 * own ({@link ApiFixture}), started before the first test and closed after the last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiFixtureTest {

    protected ApiFixture fixture;
    protected RunningApi api;

    @BeforeAll
    void startApi() {
        fixture = ApiFixture.start();
        api = fixture.api;
    }

    @AfterAll
    void stopApi() {
        fixture.close();
    }
}
