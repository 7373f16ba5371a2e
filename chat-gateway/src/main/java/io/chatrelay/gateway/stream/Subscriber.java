package io.chatrelay.gateway.stream;

import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One SSE connection's live feed: a single-subscriber sink with its own bounded buffer.
 *
 * <p>Each connection has its own buffer so that one slow client can never make the relay drop events for the
 * others (the failure of one shared best-effort sink). Only the relay's poll thread calls {@link #offer}, so the
 * sink has a single producer.
 */
final class Subscriber {

    /** Signals that the buffer overflowed; the stream ends with a final event telling the client to resume. */
    static final class TooSlow extends RuntimeException {
        TooSlow() {
            super("subscriber too slow", null, false, false);
        }
    }

    private final String requestId;
    private final int capacity;
    private final Sinks.Many<WireEvent> sink;
    /** Events handed over but not yet taken by the connection; the bound is kept here, not by the queue. */
    private final AtomicInteger pending = new AtomicInteger();

    private volatile boolean closed;

    Subscriber(String requestId, int capacity) {
        this.requestId = requestId;
        this.capacity = capacity;
        // The queue itself never fills (the count above stops first), so the final error always fits behind the
        // buffered events and reaches the client after them.
        this.sink = Sinks.many()
                .unicast()
                .onBackpressureBuffer(Queues.<WireEvent>unbounded(32).get());
    }

    String requestId() {
        return requestId;
    }

    /** Hands an event to the connection; once more than the buffer is waiting, ends the feed with {@link TooSlow}. */
    void offer(WireEvent event) {
        if (closed) {
            return;
        }
        if (pending.incrementAndGet() > capacity) {
            closed = true;
            sink.tryEmitError(new TooSlow());
            return;
        }
        sink.tryEmitNext(event);
    }

    Flux<WireEvent> events() {
        return sink.asFlux().doOnNext(event -> pending.decrementAndGet());
    }
}
