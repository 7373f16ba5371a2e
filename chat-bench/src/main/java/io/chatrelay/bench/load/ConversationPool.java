package io.chatrelay.bench.load;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The conversations whose last turn has ended, free for a next turn. A conversation is either in here or has one
 * turn in flight, never both: the load client never queues a turn behind its own previous one, which would measure
 * the wait for that turn rather than the system.
 */
final class ConversationPool {

    private final Queue<String> idle = new ConcurrentLinkedQueue<>();

    /** The conversation idle longest, taken out of the pool; null when none is idle. */
    String take() {
        return idle.poll();
    }

    /** The last turn of {@code conversationId} ended: it may take another. */
    void release(String conversationId) {
        if (conversationId != null) {
            idle.add(conversationId);
        }
    }
}
