package io.storeorchestrator.api.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Releases the changes read from {@code store_changes} strictly in id order, none skipped. Ids come from a sequence,
 * so a transaction may commit id 11 while id 10's is still running: a reader that moved past 10 would never see it,
 * and a client resuming after 11 would miss it. So a missing id is a <em>gap</em>; changes after it are held until it
 * is read, or known never to come: every transaction running when the gap was seen has ended (the snapshot's xmin
 * passed the xmax of the read that saw it) and the id is still absent (its transaction rolled back). A gap older than
 * {@link #GAP_TIMEOUT} is given up, so one stuck transaction cannot stop the stream. Used by the listener thread only.
 */
final class ChangeOrder {

    static final Duration GAP_TIMEOUT = Duration.ofSeconds(30);
    /** A jump larger than this is not a few concurrent writers: it is not waited for. */
    static final int MAX_GAPS = 10_000;

    private record Gap(long xmax, long sinceNanos) {
    }

    private final TreeMap<Long, StoreChange> held = new TreeMap<>();
    private final TreeMap<Long, Gap> gaps = new TreeMap<>();
    private final long gapTimeoutNanos;
    private long read;
    private long abandoned;

    /** @param start the last id that needs no delivery (everything up to it happened before anyone listened) */
    ChangeOrder(long start, Duration gapTimeout) {
        this.read = start;
        this.gapTimeoutNanos = gapTimeout.toNanos();
    }

    /** The highest id read: the next read asks for ids after it, and for the gaps. */
    long readPosition() {
        return read;
    }

    /** The ids awaited below the read position. */
    List<Long> gaps() {
        return List.copyOf(gaps.keySet());
    }

    /** Every id up to this one has been released or will never come. */
    long releasedPosition() {
        long firstHeld = held.isEmpty() ? Long.MAX_VALUE : held.firstKey();
        long firstGap = gaps.isEmpty() ? Long.MAX_VALUE : gaps.firstKey();
        long first = Math.min(firstHeld, firstGap);
        return first == Long.MAX_VALUE ? read : first - 1;
    }

    /** Gaps given up after {@link #GAP_TIMEOUT}, since the start. */
    long abandonedGaps() {
        return abandoned;
    }

    /**
     * @param changes what one read returned, in id order: ids after {@link #readPosition()} and any of {@link #gaps()}
     * @param xmin    the read's snapshot xmin: every transaction before it had ended
     * @param xmax    the read's snapshot xmax: no transaction from it on had started
     * @return the changes that may go out now, in id order
     */
    List<StoreChange> accept(List<StoreChange> changes, long xmin, long xmax, long nowNanos) {
        for (StoreChange change : changes) {
            long id = change.id();
            if (gaps.remove(id) != null) {
                held.put(id, change);
            } else if (id > read) {
                if (id - read - 1 <= MAX_GAPS) {
                    for (long missing = read + 1; missing < id; missing++) {
                        gaps.put(missing, new Gap(xmax, nowNanos));
                    }
                }
                read = id;
                held.put(id, change);
            }
        }
        gaps.values().removeIf(gap -> {
            if (xmin >= gap.xmax()) {
                return true; // its writer ended before this read, which did not see it: rolled back
            }
            if (nowNanos - gap.sinceNanos() > gapTimeoutNanos) {
                abandoned++;
                return true;
            }
            return false;
        });
        List<StoreChange> out = new ArrayList<>();
        while (!held.isEmpty() && (gaps.isEmpty() || held.firstKey() < gaps.firstKey())) {
            out.add(held.pollFirstEntry().getValue());
        }
        return out;
    }
}
