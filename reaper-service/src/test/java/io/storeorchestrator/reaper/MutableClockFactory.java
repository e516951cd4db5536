package io.storeorchestrator.reaper;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.storeorchestrator.reaper.config.ReaperFactory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Test-only: with {@code test.mutable-clock=true} the reaper decides against a {@link MutableClock}. */
@Factory
@Requires(property = "test.mutable-clock", value = "true")
public class MutableClockFactory {

    @Singleton
    @Replaces(value = Clock.class, factory = ReaperFactory.class)
    MutableClock clock() {
        return new MutableClock();
    }
}
