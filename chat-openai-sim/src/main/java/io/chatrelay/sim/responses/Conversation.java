package io.chatrelay.sim.responses;

import io.chatrelay.sim.responses.wire.ConversationObject;
import io.chatrelay.sim.responses.wire.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A conversation: its items in order, and the one response allowed to run on it at a time. */
final class Conversation {

    final String id;
    final long createdAt;
    final Map<String, String> metadata;
    private final List<Item> items = new ArrayList<>();
    private String activeResponse;

    Conversation(String id, long createdAt, Map<String, String> metadata) {
        this.id = id;
        this.createdAt = createdAt;
        this.metadata = metadata;
    }

    ConversationObject snapshot() {
        return new ConversationObject(id, createdAt, metadata);
    }

    synchronized List<Item> items() {
        return List.copyOf(items);
    }

    synchronized void append(List<Item> added) {
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
