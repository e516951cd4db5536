package io.storeorchestrator.worker.flow;

import java.time.Duration;

/** Durations the way people read them in a timeline: {@code 10m}, {@code 1m35s}, {@code 800ms}. */
final class Durations {

    private Durations() {
    }

    static String human(Duration duration) {
        if (duration.isNegative()) {
            duration = Duration.ZERO;
        }
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            return duration.toMillis() + "ms";
        }
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (seconds > 0 || text.isEmpty()) {
            text.append(seconds).append('s');
        }
        return text.toString();
    }
}
