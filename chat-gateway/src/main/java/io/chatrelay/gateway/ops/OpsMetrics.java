package io.chatrelay.gateway.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** The meters of dead-letter operations, named once. */
final class OpsMetrics {

    private final MeterRegistry registry;
    private final AtomicLong backlog = new AtomicLong();

    OpsMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("chatrelay.gateway.dead.letters.backlog", backlog, AtomicLong::get)
                .description("Dead letters nobody replayed or discarded yet, as last read from the index")
                .register(registry);
    }

    /** A dead letter newly indexed, by failure category. */
    void deadLettered(String category) {
        registry.counter("chatrelay.gateway.dead.letters", "category", category).increment();
    }

    /**
     * One request of a replay: {@code published}, {@code failed} (Kafka did not take it), {@code skipped}, and
     * {@code dead_lettered_again} when a replayed request comes back to the dead-letter topic.
     */
    void replay(String outcome) {
        registry.counter("chatrelay.gateway.replays", "outcome", outcome).increment();
    }

    void discarded() {
        registry.counter("chatrelay.gateway.dead.letters.discarded").increment();
    }

    void backlog(long open) {
        backlog.set(open);
    }
}
