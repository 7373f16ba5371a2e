package io.chatrelay.gateway.stream;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.gateway.api.ApiException;
import io.chatrelay.gateway.auth.Caller;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Builds one request's SSE stream: history first, then live events, with no gap and no duplicate.
 *
 * <p>The live feed is registered <em>before</em> the history is read. Workers append an event to the history before
 * publishing it, so every event is either in the history read or arrives live after it; events that are in both are
 * dropped by seq.
 */
final class EventStream {

    private final SubscriberRegistry registry;
    private final EventHistory history;
    private final Duration heartbeat;

    EventStream(SubscriberRegistry registry, EventHistory history, Duration heartbeat) {
        this.registry = registry;
        this.history = history;
        this.heartbeat = heartbeat;
    }

    /**
     * The stream of a request, resuming after {@code lastSeq} (-1 for everything); errors with 404 when the request
     * is unknown or another company's than the caller's (so that other tenants' request ids cannot be told to exist).
     */
    Flux<ServerSentEvent<String>> open(String requestId, long lastSeq, Caller caller) {
        return history.state(requestId)
                .filter(state -> caller.actsFor(state.get(RequestStateFields.COMPANY)))
                .switchIfEmpty(Mono.error(ApiException.notFound("unknown_request", "No such request")))
                .flatMapMany(state -> stream(requestId, lastSeq, state));
    }

    private Flux<ServerSentEvent<String>> stream(String requestId, long lastSeq, Map<String, String> state) {
        return Flux.defer(() -> {
            Subscriber live = registry.register(requestId);
            AtomicLong delivered = new AtomicLong(lastSeq);
            Flux<Frame> replay = history.events(requestId)
                    .collectList()
                    .flatMapMany(events -> replay(requestId, events, state, delivered));
            Flux<Frame> liveFrames = live.events()
                    .filter(event -> event.seq() > delivered.get())
                    .doOnNext(event -> delivered.set(event.seq()))
                    .map(Frame::of)
                    .onErrorResume(
                            Subscriber.TooSlow.class,
                            e -> Mono.just(Frame.signal(
                                    Frame.TOO_SLOW,
                                    requestId,
                                    "The client read too slowly; reconnect with Last-Event-ID to resume",
                                    true)));
            Flux<Frame> heartbeats = Flux.interval(heartbeat, heartbeat).map(tick -> Frame.heartbeat());
            return Flux.merge(replay.concatWith(liveFrames), heartbeats)
                    .takeUntil(Frame::last)
                    .map(Frame::sse)
                    .filter(Objects::nonNull)
                    .doFinally(signal -> registry.unregister(live));
        });
    }

    private static Flux<Frame> replay(
            String requestId, List<WireEvent> events, Map<String, String> state, AtomicLong delivered) {
        if (events.isEmpty()) {
            boolean finished = RequestStatus.fromWireName(state.get(RequestStateFields.STATUS))
                    .map(RequestStatus::terminal)
                    .orElse(false);
            return Flux.just(Frame.signal(
                    Frame.HISTORY_LOST,
                    requestId,
                    "The history of this request expired; earlier events cannot be replayed",
                    finished));
        }
        boolean ended = events.stream().anyMatch(WireEvent::terminal);
        Flux<Frame> missed = Flux.fromIterable(events)
                .filter(event -> event.seq() > delivered.get())
                .doOnNext(event -> delivered.set(event.seq()))
                .map(Frame::of);
        // A client that already saw the terminal event gets nothing more, and the stream closes.
        return ended ? missed.concatWith(Mono.just(Frame.end())) : missed;
    }
}
