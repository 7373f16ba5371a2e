package io.chatrelay.gateway.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/** A real SSE client over HTTP that records what it receives, for assertions with Awaitility. */
public final class SseClient implements AutoCloseable {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() {};

    private final List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile Throwable failure;
    private final Disposable subscription;

    private SseClient(WebClient.RequestHeadersSpec<?> request) {
        subscription = request.accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(SSE)
                .doOnComplete(() -> completed.set(true))
                .subscribe(received::add, error -> {
                    failure = error;
                    completed.set(true);
                });
    }

    private static SseClient get(String url, String lastEventId, String bearer) {
        WebClient.RequestHeadersSpec<?> request = WebClient.create().get().uri(url);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        if (bearer != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        return new SseClient(request);
    }

    public static SseClient open(String url) {
        return get(url, null, null);
    }

    /** Opens the stream presenting an API key, as a server-side client does. */
    public static SseClient open(String url, String apiKey) {
        return get(url, null, apiKey);
    }

    public static SseClient resume(String url, String lastEventId) {
        return get(url, lastEventId, null);
    }

    /** Posts a JSON {@code body} to {@code url} and follows the event stream it answers with. */
    public static SseClient post(String url, String body) {
        return new SseClient(WebClient.create()
                .post()
                .uri(url)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body));
    }

    /** The named events received so far (heartbeat comments left out). */
    public List<ServerSentEvent<String>> events() {
        return received.stream().filter(e -> e.event() != null).toList();
    }

    public List<String> ids() {
        return events().stream().map(ServerSentEvent::id).toList();
    }

    public List<String> types() {
        return events().stream().map(ServerSentEvent::event).toList();
    }

    /** Why the stream failed, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Whether the server closed the stream. */
    public boolean completed() {
        return completed.get();
    }

    /** Drops the connection, as a client losing its network does. */
    @Override
    public void close() {
        subscription.dispose();
    }
}
