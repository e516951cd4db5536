package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.reaper.sweep.OrphanPolicy.Verdict;
import io.storeorchestrator.reaper.sweep.OrphanSelection.Candidate;
import io.storeorchestrator.reaper.sweep.OrphanSelection.Limits;
import io.storeorchestrator.reaper.sweep.OrphanSelection.Plan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static io.storeorchestrator.reaper.sweep.Rows.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrphanSelectionTest {

    private static final Limits LIMITS = new Limits(10, 0.1, 5, false);

    /** {@code count} orphans, the i-th created i hours ago, shuffled. */
    private static List<Candidate> orphans(int count) {
        List<Candidate> list = new ArrayList<>(IntStream.range(0, count)
                .mapToObj(i -> new Candidate("ns-" + i, NOW.minus(Duration.ofHours(i)), Verdict.DELETE_NO_STORE))
                .toList());
        Collections.shuffle(list);
        return list;
    }

    @Test
    void theOldestOrphansGoFirstUpToTheCapAndTheRestWait() {
        Plan plan = OrphanSelection.plan(orphans(25), 1000, LIMITS);

        assertThat(plan.guardTripped()).isFalse();
        assertThat(plan.toDelete()).extracting(Candidate::name)
                .containsExactly("ns-24", "ns-23", "ns-22", "ns-21", "ns-20", "ns-19", "ns-18", "ns-17", "ns-16",
                        "ns-15");
        assertThat(plan.deferred()).isEqualTo(15);
    }

    @Test
    void fewerOrphansThanTheCapAllGo() {
        Plan plan = OrphanSelection.plan(orphans(3), 1000, LIMITS);

        assertThat(plan.toDelete()).hasSize(3);
        assertThat(plan.deferred()).isZero();
    }

    @Test
    void namespacesCreatedTogetherAreOrderedByName() {
        List<Candidate> same = List.of(new Candidate("b", NOW, Verdict.DELETE_NO_STORE),
                new Candidate("a", NOW, Verdict.DELETE_BAD_LABEL));

        assertThat(OrphanSelection.plan(same, 1000, LIMITS).toDelete()).extracting(Candidate::name)
                .containsExactly("a", "b");
    }

    @Test
    void tooLargeAShareOfOrphansDeletesNothing() {
        // 101 of 1000 is above 10%: a wrong database would look exactly like this.
        Plan plan = OrphanSelection.plan(orphans(101), 1000, LIMITS);

        assertThat(plan.guardTripped()).isTrue();
        assertThat(plan.toDelete()).isEmpty();
        assertThat(plan.deferred()).isEqualTo(101);
    }

    @Test
    void exactlyTheShareIsAllowed() {
        assertThat(OrphanSelection.guardTrips(100, 1000, LIMITS)).isFalse();
        assertThat(OrphanSelection.guardTrips(101, 1000, LIMITS)).isTrue();
    }

    @Test
    void everyNamespaceOrphanedTripsTheGuard() {
        assertThat(OrphanSelection.guardTrips(10_000, 10_000, LIMITS)).isTrue();
    }

    @Test
    void aFewOrphansInASmallInstallationPassTheFloor() {
        assertThat(OrphanSelection.guardTrips(5, 6, LIMITS)).isFalse();
        assertThat(OrphanSelection.guardTrips(6, 6, LIMITS)).isTrue();
    }

    @Test
    void theOverrideLetsTheSweepProceedStillCapped() {
        Plan plan = OrphanSelection.plan(orphans(500), 500, new Limits(10, 0.1, 5, true));

        assertThat(plan.guardTripped()).isFalse();
        assertThat(plan.toDelete()).hasSize(10);
        assertThat(plan.deferred()).isEqualTo(490);
    }

    @Test
    void aCapOfZeroDeletesNothingButDefersAll() {
        Plan plan = OrphanSelection.plan(orphans(3), 1000, new Limits(0, 0.1, 5, false));

        assertThat(plan.toDelete()).isEmpty();
        assertThat(plan.deferred()).isEqualTo(3);
    }

    @Test
    void limitsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new Limits(10, 0, 5, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(10, 1.5, 5, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(-1, 0.1, 5, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
