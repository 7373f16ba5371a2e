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
 * dropped by seq. A live event whose seq skips some (their records were lost or are late) first brings the skipped
 * ones from the history, and a stream without live events for a while reads the history again, so that an event Kafka
 * never delivered (a terminal one above all, which would leave the stream open) still reaches the client.
 *
 * <p>Only the latest run of a request ends its stream: an operator's replay runs a dead-lettered request again, after
 * the terminal events of its earlier run in the same history.
 */
public final class EventStream {

    private final SubscriberRegistry registry;
    private final EventHistory history;
    private final Duration heartbeat;
    private final Duration silenceRecheck;

    EventStream(SubscriberRegistry registry, EventHistory history, Duration heartbeat, Duration silenceRecheck) {
        this.registry = registry;
        this.history = history;
        this.heartbeat = heartbeat;
        this.silenceRecheck = silenceRecheck;
    }

    /**
     * The stream of a request, resuming after {@code lastSeq} (-1 for everything); errors with 404 when the request
     * is unknown or another company's than the caller's (so that other tenants' request ids cannot be told to exist).
     */
    public Flux<ServerSentEvent<String>> open(String requestId, long lastSeq, Caller caller) {
        return history.state(requestId)
                .filter(state -> caller.actsFor(state.get(RequestStateFields.COMPANY)))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("unknown_request", "No such request")))
                .flatMapMany(state -> stream(requestId, lastSeq, state));
    }

    private Flux<ServerSentEvent<String>> stream(String requestId, long lastSeq, Map<String, String> state) {
        return Flux.defer(() -> {
            Subscriber live = registry.register(requestId);
            AtomicLong delivered = new AtomicLong(lastSeq);
            AtomicLong lastHeard = new AtomicLong(System.nanoTime());
            Flux<Frame> replay = history.events(requestId)
                    .collectList()
                    .flatMapMany(events -> replay(requestId, events, state, delivered));
            // Live events and silence checks, one at a time: each may read the history before the next is looked at.
            Flux<Object> signals = Flux.merge(
                    live.events().doOnNext(event -> lastHeard.set(System.nanoTime())),
                    // A tick that finds the stream still busy (a slow client, a history read) is not needed.
                    Flux.interval(silenceRecheck, silenceRecheck).onBackpressureDrop());
            Flux<Frame> liveFrames = signals.concatMap(signal -> signal instanceof WireEvent event
                            ? arrived(requestId, event, delivered)
                            : silent(requestId, lastHeard, delivered))
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

    /** A live event, after the ones it skipped (from the history, which has them before Kafka does). */
    private Flux<WireEvent> arrived(String requestId, WireEvent event, AtomicLong delivered) {
        long next = delivered.get() + 1;
        if (event.seq() <= next) {
            return Flux.just(event);
        }
        return history.events(requestId)
                .filter(skipped -> skipped.seq() >= next && skipped.seq() < event.seq())
                .concatWith(Mono.just(event));
    }

    /** What the history holds beyond the delivered events, once no live event came for a while. */
    private Flux<WireEvent> silent(String requestId, AtomicLong lastHeard, AtomicLong delivered) {
        if (System.nanoTime() - lastHeard.get() < silenceRecheck.toNanos()) {
            return Flux.empty();
        }
        lastHeard.set(System.nanoTime());
        return history.events(requestId).filter(event -> event.seq() > delivered.get());
    }

    private static boolean replayToCome(Map<String, String> state) {
        return count(state.get(RequestStateFields.REPLAY_REQUESTED))
                > count(state.get(RequestStateFields.REPLAY_COUNT));
    }

    private static int count(String field) {
        try {
            return field == null ? 0 : Integer.parseInt(field);
        } catch (NumberFormatException e) {
            return 0;
        }
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
        // The latest run starts after the last event that is not terminal; terminal events before it ended runs
        // that a replay followed, and do not end the stream.
        int latestRun = 0;
        for (int i = 0; i < events.size(); i++) {
            if (!events.get(i).terminal()) {
                latestRun = i;
            }
        }
        // An operator's replay in Kafka that no worker took up yet: the run to come is the latest, and this end is
        // not the last.
        int first = replayToCome(state) ? events.size() : latestRun;
        boolean ended = events.subList(first, events.size()).stream().anyMatch(WireEvent::terminal);
        Flux<Frame> missed = Flux.range(0, events.size())
                .filter(i -> events.get(i).seq() > delivered.get())
                .doOnNext(i -> delivered.set(events.get(i).seq()))
                .map(i -> Frame.of(events.get(i), i >= first && events.get(i).terminal()));
        // A client that already saw the terminal event gets nothing more, and the stream closes.
        return ended ? missed.concatWith(Mono.just(Frame.end())) : missed;
    }
}
