package io.chatrelay.gateway.stream;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.RequestStatus;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Waits for a request to end on this instance's live feed of its events, for the answers that hold the connection
 * until then ({@code Prefer: wait}, the original system's {@code /api/chat}), instead of reading its state over and
 * over.
 *
 * <p>The feed is registered <em>before</em> the state is read: a worker writes the state with the event and only then
 * publishes the event, so an end is either in the state read or arrives on the feed after it. The state is read
 * again once the end arrived or the wait is over, which also covers an end the feed did not bring (a subscriber that
 * fell behind its buffer). The feed is unregistered in every case.
 */
public final class RequestEnds {

    private final SubscriberRegistry registry;
    private final EventHistory history;

    RequestEnds(SubscriberRegistry registry, EventHistory history) {
        this.registry = registry;
        this.history = history;
    }

    /**
     * The request's state once it is final, at once when it already is, else when its final event arrives within
     * {@code wait}; empty when it is not final by then (or unknown).
     */
    public Mono<Map<String, String>> finalState(String requestId, Duration wait) {
        return Mono.usingWhen(
                Mono.fromSupplier(() -> registry.register(requestId)),
                live -> history.state(requestId).flatMap(state -> {
                    if (finished(state)) {
                        return Mono.just(state);
                    }
                    return live.events()
                            .filter(WireEvent::terminal)
                            .next()
                            .then()
                            .timeout(wait, Mono.empty())
                            .onErrorComplete(Subscriber.TooSlow.class)
                            .then(history.state(requestId))
                            .filter(RequestEnds::finished);
                }),
                this::unregister);
    }

    /**
     * The request's state now, and again after each of its events that may change its status (every event but a
     * delta), until it is final or {@code wait} is over; nothing when the request is unknown.
     */
    public Flux<Map<String, String>> states(String requestId, Duration wait) {
        return Flux.usingWhen(
                Mono.fromSupplier(() -> registry.register(requestId)),
                live -> live.events()
                        .filter(WireEvent::changesStatus)
                        .map(event -> Boolean.TRUE)
                        .onErrorResume(Subscriber.TooSlow.class, e -> Mono.just(Boolean.TRUE))
                        .startWith(Boolean.TRUE)
                        .concatMap(change -> history.state(requestId), 1)
                        .takeUntil(RequestEnds::finished)
                        .take(wait),
                this::unregister);
    }

    /** Whether a state is final. */
    public static boolean finished(Map<String, String> state) {
        return RequestStatus.fromWireName(state.get(RequestStateFields.STATUS))
                .map(RequestStatus::terminal)
                .orElse(false);
    }

    private Mono<Void> unregister(Subscriber live) {
        return Mono.fromRunnable(() -> registry.unregister(live));
    }
}
