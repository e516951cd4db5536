package io.storeorchestrator.reaper.sweep;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storeorchestrator.common.domain.StoreStatus;
import io.storeorchestrator.reaper.config.ReaperConfig;
import io.storeorchestrator.reaper.store.AuditLog;
import io.storeorchestrator.reaper.store.StoreRow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.storeorchestrator.reaper.sweep.Rows.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dry run and leadership, the same for every sweep: they all act through {@link ReaperActions}. */
class ReaperActionsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AuditLog.Entry> audited = new ArrayList<>();
    private final AuditLog audit = new AuditLog(null) {
        @Override
        public void record(Entry entry, Instant at) {
            audited.add(entry);
        }
    };
    private final StoreRow store = Rows.store(StoreStatus.READY, 4, null, NOW);
    private final AtomicInteger done = new AtomicInteger();

    static ReaperConfig config(boolean dryRun) {
        return new ReaperConfig(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofMinutes(10), "lease", "default", Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(2), "me", dryRun, 100, 5, 4, 0.1, 5, false, 500, Duration.ofHours(1), Duration.ZERO,
                Duration.ZERO, 100, false);
    }

    private ReaperActions actions(boolean dryRun) {
        ReaperConfig config = config(dryRun);
        return new ReaperActions(new ReaperMetrics(registry, config), audit, config);
    }

    private double counted(String action, boolean dryRun) {
        Counter counter = registry.find(ReaperMetrics.ACTIONS).tags("action", action, "dry_run",
                Boolean.toString(dryRun)).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aDryRunDoesNothingCountsAndRecordsWhatItWouldDo() {
        ReaperActions actions = actions(true);
        actions.perform(new SweepRun(NOW, () -> true), ReaperMetrics.EXPIRED_DELETED,
                ReaperActions.Target.store(store, "generation 4"), "delete store shop", done::incrementAndGet);
        assertThat(done).hasValue(0);
        assertThat(counted(ReaperMetrics.EXPIRED_DELETED, true)).isEqualTo(1);
        assertThat(audited).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditLog.DRY_RUN);
            assertThat(entry.detail()).isEqualTo("would delete store shop");
            assertThat(entry.storeId()).isEqualTo(store.id());
            assertThat(entry.dedupeKey()).isEqualTo("dry-run:expired-deleted:" + store.id() + ":generation 4");
        });
    }

    @Test
    void forRealItActsCountsAndLeavesTheAuditToWhoeverApplies() {
        ReaperActions actions = actions(false);
        actions.perform(new SweepRun(NOW, () -> true), ReaperMetrics.DELETED_PURGED,
                ReaperActions.Target.store(store, "purge"), "purge", done::incrementAndGet);
        assertThat(done).hasValue(1);
        assertThat(counted(ReaperMetrics.DELETED_PURGED, false)).isEqualTo(1);
        assertThat(audited).isEmpty();
    }

    @Test
    void aReplicaThatLostTheLeaseStopsBeforeActingInEitherMode() {
        AtomicBoolean leading = new AtomicBoolean(true);
        for (boolean dryRun : new boolean[]{false, true}) {
            ReaperActions actions = actions(dryRun);
            SweepRun run = new SweepRun(NOW, leading::get);
            actions.perform(run, ReaperMetrics.ORPHAN_NAMESPACE_DELETED,
                    ReaperActions.Target.namespace("store-a", "t0"), "delete", done::incrementAndGet);
            leading.set(false);
            assertThatThrownBy(() -> actions.perform(run, ReaperMetrics.ORPHAN_NAMESPACE_DELETED,
                    ReaperActions.Target.namespace("store-b", "t0"), "delete", done::incrementAndGet))
                    .isInstanceOf(SweepRun.LeadershipLostException.class);
            assertThat(counted(ReaperMetrics.ORPHAN_NAMESPACE_DELETED, dryRun)).as("dry run %s", dryRun).isEqualTo(1);
            leading.set(true);
        }
        assertThat(done).as("only the first, real, action ran").hasValue(1);
        assertThat(audited).as("only the first dry-run action was recorded").hasSize(1);
    }
}
