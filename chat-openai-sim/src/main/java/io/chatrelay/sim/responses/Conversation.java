package io.chatrelay.sim.responses;

import io.chatrelay.sim.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A conversation: its items in order, and the one response allowed to run on it at a time. */
final class Conversation {

    final String id;
    final long createdAt;
    final Map<String, String> metadata;
    private final List<Map<String, Object>> items = new ArrayList<>();
    private String activeResponse;

    Conversation(String id, long createdAt, Map<String, String> metadata) {
        this.id = id;
        this.createdAt = createdAt;
        this.metadata = metadata;
    }

    Map<String, Object> toJson() {
        return Json.object("id", id, "object", "conversation", "created_at", createdAt, "metadata", metadata);
    }

    synchronized List<Map<String, Object>> items() {
        return List.copyOf(items);
    }

    synchronized void append(List<Map<String, Object>> added) {
        items.addAll(added);
    }

    /** Takes the conversation for a response; returns the response already running, or null when it was free. */
    synchronized String lock(String responseId) {
        if (activeResponse != null) {
            return activeResponse;
        }
        activeResponse = responseId;
        return null;
    }

    synchronized void unlock(String responseId) {
        if (responseId.equals(activeResponse)) {
            activeResponse = null;
        }
    }
}
