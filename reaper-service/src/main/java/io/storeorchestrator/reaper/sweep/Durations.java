package io.storeorchestrator.reaper.sweep;

import java.time.Duration;

/** Durations as people write them in messages: {@code 1h2m}, {@code 4m30s}, {@code 12s}. */
final class Durations {

    private Durations() {
    }

    static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (rest > 0 || text.isEmpty()) {
            text.append(rest).append('s');
        }
        return text.toString();
    }
}
