package io.storeorchestrator.clustersim.http;

import java.time.Duration;

/**
 * How watches pace themselves.
 *
 * @param idleWait         how long a long-polling (plain HTTP) watch with nothing to report waits before it ends
 * @param bookmarkInterval how often a WebSocket watch that allows bookmarks is sent one
 */
public record WatchTimings(Duration idleWait, Duration bookmarkInterval) {
}
