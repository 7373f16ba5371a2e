package io.chatrelay.worker.engine.responses;

import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream conversations created ahead of need, so that the first turn of a conversation does not wait for a create
 * call of its own: the Responses API takes a response's conversation only by the id of one that exists, and creating
 * an empty conversation beforehand is the same call made earlier. Filled lazily, from the first turn that took one,
 * in the background; a turn that finds none creates its own. Up to {@code target} empty conversations are left unused
 * when the worker stops; they hold nothing.
 */
final class SpareConversations {

    private static final Logger log = LoggerFactory.getLogger(SpareConversations.class);

    private final int target;
    private final Supplier<String> create;
    private final ConcurrentLinkedQueue<String> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean filling = new AtomicBoolean();

    SpareConversations(int target, Supplier<String> create) {
        this.target = target;
        this.create = create;
    }

    /** A conversation nobody uses yet, when one is ready; starts making more. */
    Optional<String> take() {
        String conversation = ready.poll();
        if (conversation != null) {
            size.decrementAndGet();
        }
        if (target > 0 && filling.compareAndSet(false, true)) {
            Thread.ofVirtual().name("spare-conversations").start(this::fill);
        }
        return Optional.ofNullable(conversation);
    }

    private void fill() {
        try {
            while (size.get() < target) {
                ready.add(create.get());
                size.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // The upstream is failing: turns create their own until the next one starts a fill.
            log.debug("Creating spare conversations failed: {}", e.toString());
        } finally {
            filling.set(false);
        }
    }
}
