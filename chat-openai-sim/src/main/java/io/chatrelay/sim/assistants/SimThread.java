package io.chatrelay.sim.assistants;

import io.chatrelay.sim.assistants.wire.MessageObject;
import io.chatrelay.sim.assistants.wire.ThreadObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A thread: messages in order and at most one active run. */
final class SimThread {

    final String id;
    final long createdAt;
    final Map<String, String> metadata;
    private final List<MessageObject> messages = new ArrayList<>();
    private Run activeRun;

    SimThread(String id, long createdAt, Map<String, String> metadata) {
        this.id = id;
        this.createdAt = createdAt;
        this.metadata = metadata;
    }

    ThreadObject snapshot() {
        return new ThreadObject(id, createdAt, metadata);
    }

    synchronized List<MessageObject> messages() {
        return List.copyOf(messages);
    }

    synchronized void add(MessageObject message) {
        messages.add(message);
    }

    synchronized void replace(String messageId, MessageObject message) {
        for (int i = 0; i < messages.size(); i++) {
            if (messageId.equals(messages.get(i).id())) {
                messages.set(i, message);
                return;
            }
        }
        messages.add(message);
    }

    /** The active run, if any. */
    synchronized Run active() {
        return activeRun != null && activeRun.active() ? activeRun : null;
    }

    /** Makes {@code run} the active run unless another is active; returns that other one. */
    synchronized Run claim(Run run) {
        Run current = active();
        if (current != null) {
            return current;
        }
        activeRun = run;
        return null;
    }
}
