package io.storeorchestrator.benchmark;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of measurements, in their own unit. */
record Percentiles(long p50, long p90, long p99, long max, int count) {

    static Percentiles of(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Percentiles(rank(sorted, 50), rank(sorted, 90), rank(sorted, 99), sorted[sorted.length - 1],
                sorted.length);
    }

    private static long rank(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(index, 0)];
    }
}
