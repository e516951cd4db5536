package io.storeorchestrator.reaper.sweep;

import io.storeorchestrator.reaper.sweep.OrphanPolicy.Verdict;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Pure choice of which orphaned namespaces one sweep deletes: the oldest first, at most a cap per sweep (the rest wait
 * for the next sweep), and nothing at all when the orphans found are too large a share of every managed namespace.
 */
public final class OrphanSelection {

    /** Oldest first; the name breaks ties so two sweeps over the same cluster choose the same namespaces. */
    static final Comparator<Candidate> OLDEST_FIRST =
            Comparator.comparing(Candidate::createdAt).thenComparing(Candidate::name);

    /** A managed namespace {@link OrphanPolicy} would delete. */
    public record Candidate(String name, Instant createdAt, Verdict verdict) {
    }

    /**
     * @param maxPerSweep   deletions per sweep
     * @param maxShare      the guard: the largest share (0..1] of all managed namespaces that may be orphans
     * @param guardFloor    up to this many orphans never trip the guard, so one leftover in a small installation
     *                      does not block the sweep
     * @param guardOverride an operator's explicit consent to delete beyond the share
     */
    public record Limits(int maxPerSweep, double maxShare, int guardFloor, boolean guardOverride) {
        public Limits {
            if (maxPerSweep < 0 || guardFloor < 0 || !(maxShare > 0 && maxShare <= 1)) {
                throw new IllegalArgumentException("orphan limits out of range: " + maxPerSweep + ", " + maxShare
                        + ", " + guardFloor);
            }
        }
    }

    /**
     * @param toDelete     this sweep's deletions, oldest first
     * @param deferred     orphans left for a later sweep by the per-sweep cap
     * @param guardTripped the guard stopped the sweep: {@code toDelete} is empty
     */
    public record Plan(List<Candidate> toDelete, int deferred, boolean guardTripped) {
    }

    private OrphanSelection() {
    }

    /** Whether {@code orphans} out of {@code managed} namespaces is more than the guard allows. */
    public static boolean guardTrips(int orphans, long managed, Limits limits) {
        if (limits.guardOverride() || orphans <= limits.guardFloor()) {
            return false;
        }
        // A wrong database, schema or label makes every namespace look orphaned at once; real leftovers trickle in.
        return orphans > limits.maxShare() * managed;
    }

    /**
     * @param candidates every orphan found this sweep, in any order
     * @param managed    every managed namespace listed this sweep, orphans included
     */
    public static Plan plan(List<Candidate> candidates, long managed, Limits limits) {
        if (guardTrips(candidates.size(), managed, limits)) {
            return new Plan(List.of(), candidates.size(), true);
        }
        List<Candidate> chosen = candidates.stream().sorted(OLDEST_FIRST).limit(limits.maxPerSweep()).toList();
        return new Plan(chosen, candidates.size() - chosen.size(), false);
    }
}
