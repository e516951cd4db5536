package io.storeorchestrator.worker.flow;

import io.storeorchestrator.common.catalog.StoreCatalogLoader;
import io.storeorchestrator.common.domain.Engine;
import io.storeorchestrator.common.lifecycle.StepName;
import io.storeorchestrator.common.messaging.CommandType;
import io.storeorchestrator.common.messaging.StoreCommand;
import io.storeorchestrator.common.messaging.StoreEvent;
import io.storeorchestrator.common.messaging.StoreEventType;
import io.storeorchestrator.worker.model.StoreSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CommandRunTest {

    @Test
    void everyEventOfARunIsAboutTheRevisionItsCommandApplies() {
        CommandRun run = run(CommandType.UPDATE, 3, null);
        StoreEvent step = StoreEvent.of(UUID.randomUUID(), 2, StoreEventType.STEP, StepName.DATABASE, "unchanged");

        assertThat(run.aboutRevision(step).revision()).isEqualTo(3);
        assertThat(run.aboutRevision(step.aboutRevision(7)).revision()).as("one it names already").isEqualTo(7);
    }

    @Test
    void commandsThatNameNoRevisionReportNone() {
        StoreEvent ready = StoreEvent.of(UUID.randomUUID(), 1, StoreEventType.READY, StepName.WAIT_READY, "ready");

        assertThat(run(CommandType.PROVISION, null, null).aboutRevision(ready).revision()).isNull();
    }

    @Test
    void anUnexpectedFailureBeforeAnyStepIsReportedAtTheCommandsOwnStep() {
        assertThat(run(CommandType.UPDATE, 3, null).currentStep()).isEqualTo(StepName.UPDATE);
        assertThat(run(CommandType.UPDATE, 2, 3).currentStep()).isEqualTo(StepName.ROLLBACK);
        assertThat(run(CommandType.PROVISION, null, null).currentStep()).isEqualTo(StepName.PROVISION);
        assertThat(run(CommandType.TEARDOWN, null, null).currentStep()).isEqualTo(StepName.TEARDOWN);
    }

    private static CommandRun run(CommandType type, Integer revision, Integer rollbackOf) {
        UUID id = UUID.randomUUID();
        StoreCommand command = new StoreCommand(UUID.randomUUID(), type, id, "shop", Engine.WOOCOMMERCE, 2,
                "store-" + id, "shop.localtest.me", null, Instant.now(), null, null, null, revision, null, rollbackOf);
        StoreSpec store = StoreSpec.from(command, StoreCatalogLoader.defaults());
        return new CommandRun(command, store, null, null, null, null);
    }
}
