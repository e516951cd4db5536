package io.storeorchestrator.common.time;

import java.time.Duration;

/**
 * Durations the way people read them in a timeline, a message or the API, as Go writes them without the zero parts:
 * {@code 10m}, {@code 1m35s}, {@code 72h}; {@link #precise} also {@code 800ms}.
 */
public final class Durations {

    private Durations() {
    }

    /** In whole seconds; {@code 0s} for nothing or a negative duration. */
    public static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 > 0 || text.isEmpty()) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }

    /** As {@link #human}, but under a second in milliseconds ({@code 0ms} for a negative duration): a step's time. */
    public static String precise(Duration duration) {
        Duration positive = duration.isNegative() ? Duration.ZERO : duration;
        return positive.compareTo(Duration.ofSeconds(1)) < 0 ? positive.toMillis() + "ms" : human(positive);
    }
}
