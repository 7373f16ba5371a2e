package io.chatrelay.worker.intake;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks of one conversation strictly one after another, in submission order, and tasks of different
 * conversations concurrently, each conversation on its own virtual thread while it has work. A task that throws is
 * logged and its conversation's next task runs: one failure must not stop a conversation for good.
 */
final class ConversationScheduler {

    private static final Logger log = LoggerFactory.getLogger(ConversationScheduler.class);

    private final Map<String, Queue<Runnable>> queues = new HashMap<>();

    void submit(String conversationId, Runnable task) {
        synchronized (queues) {
            Queue<Runnable> queue = queues.get(conversationId);
            if (queue != null) {
                queue.add(task);
                return;
            }
            queue = new ArrayDeque<>();
            queue.add(task);
            queues.put(conversationId, queue);
        }
        Thread.ofVirtual().name("conversation-", 0).start(() -> drain(conversationId));
    }

    private void drain(String conversationId) {
        while (true) {
            Runnable next;
            synchronized (queues) {
                Queue<Runnable> queue = queues.get(conversationId);
                next = queue.peek();
                if (next == null) {
                    queues.remove(conversationId);
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                log.error("A task of conversation {} failed; its next task runs", conversationId, e);
            } finally {
                synchronized (queues) {
                    queues.get(conversationId).poll();
                }
            }
        }
    }
}
