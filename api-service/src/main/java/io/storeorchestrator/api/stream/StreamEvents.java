package io.storeorchestrator.api.stream;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.sse.Event;

/**
 * The frames of the store stream, as Micronaut's SSE writer puts them on the wire:
 * <pre>
 * id: 42
 * event: store
 * data: {"id":"…","status":"READY",…}
 *
 * : heartbeat
 *
 * id: 42
 * event: reset
 * data: {}
 * </pre>
 * A frame with empty data has no {@code data:} line, so a heartbeat is a comment only, which every SSE parser skips.
 */
public final class StreamEvents {

    /** Shared by every stream: frames are never changed once made. */
    static final Event<String> HEARTBEAT = Event.of("").comment("heartbeat");

    private StreamEvents() {
    }

    /** @param storeJson the store as {@code GET /api/v1/stores/{id}} returns it, on one line */
    public static Event<String> store(long changeId, String storeJson) {
        if (storeJson.indexOf('\n') >= 0 || storeJson.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an event's data must be one line");
        }
        return Event.of(storeJson).id(Long.toString(changeId)).name("store");
    }

    /**
     * Tells the client that changes it has not seen are no longer kept: it must reload its lists. The id is where the
     * stream goes on from, so a reconnect after it resumes there.
     */
    public static Event<String> reset(long position) {
        return Event.of("{}").id(Long.toString(position)).name("reset");
    }

    /**
     * The {@code Last-Event-ID} a client resumes from: null when it sent none (a new stream); -1 when it is not an id
     * this server gave (the client must reload, as for an id too old).
     */
    public static @Nullable Long lastEventId(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1L;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1L;
        }
    }
}
