package io.chatrelay.bench.load;

import io.chatrelay.common.codec.ChatCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Follows accepted chats over SSE to their terminal event, like a careful browser: a stream that ends early, or shows
 * no event for {@code staleAfter} while the chat is unfinished, is opened again with {@code Last-Event-ID}, and the
 * gateway replays what was missed from the history. Every such reconnect is counted.
 */
final class EventFollower implements AutoCloseable {

    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled", "dead_lettered");

    private final HttpClient http;
    private final String gatewayUrl;
    private final Duration staleAfter;
    private final Duration followFor;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final Map<TrackedChat, Thread> following = new ConcurrentHashMap<>();
    private volatile boolean closed;

    EventFollower(HttpClient http, String gatewayUrl, Duration staleAfter, Duration followFor) {
        this.http = http;
        this.gatewayUrl = gatewayUrl;
        this.staleAfter = staleAfter;
        this.followFor = followFor;
        watchdog.scheduleWithFixedDelay(this::interruptStale, 1, 1, TimeUnit.SECONDS);
    }

    /** Follows {@code chat} on the calling thread until its terminal event, {@code followFor}, or {@link #close()}. */
    void follow(TrackedChat chat) {
        long deadline = System.nanoTime() + followFor.toNanos();
        boolean first = true;
        while (chat.terminal() == null && System.nanoTime() < deadline && !closed) {
            if (!first) {
                chat.reconnected();
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
            first = false;
            Thread.interrupted();
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(gatewayUrl + "/v1/chats/" + chat.requestId() + "/events"))
                    .timeout(staleAfter)
                    .header("Accept", "text/event-stream");
            if (chat.lastEventId() >= 0) {
                request.header("Last-Event-ID", Long.toString(chat.lastEventId()));
            }
            try {
                HttpResponse<InputStream> answer =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (answer.statusCode() == 200) {
                    watched(chat, answer.body(), accepted -> {});
                } else {
                    answer.body().close();
                }
            } catch (IOException e) {
                // Cut, no answer within staleAfter, or stale and interrupted by the watchdog: open it again.
            } catch (InterruptedException e) {
                // Closed.
            }
        }
    }

    /**
     * Reads {@code body} with the watchdog on: a stream counts as stale, and its thread is interrupted, only while it
     * is being read. Never while its request is sent, since a response that arrives just as its thread is interrupted
     * is lost with its stream still open; {@code send} is bounded by the request's own timeout instead.
     */
    private void watched(TrackedChat chat, InputStream body, Consumer<String> onAccepted) throws IOException {
        following.put(chat, Thread.currentThread());
        try (body) {
            read(chat, body, onAccepted);
        } finally {
            following.remove(chat);
        }
    }

    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        following.values().forEach(Thread::interrupt);
    }

    /**
     * Follows a streamed {@code POST /v1/chats} ({@code Accept: text/event-stream}): the chat counts as accepted at its
     * {@code accepted} event, which names the request and the conversation; an answer other than a stream is the
     * refusal. Answers whether the chat was accepted; a stream cut before the terminal event is then followed on with
     * {@link #follow}.
     */
    boolean followPosted(TrackedChat chat, HttpRequest post) {
        try {
            HttpResponse<InputStream> answer = http.send(post, HttpResponse.BodyHandlers.ofInputStream());
            if (answer.statusCode() != 200) {
                try (InputStream body = answer.body()) {
                    chat.answered(
                            answer.statusCode(), null, null, new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
                return false;
            }
            watched(
                    chat,
                    answer.body(),
                    accepted -> chat.answered(
                            TrackedChat.ACCEPTED,
                            field(accepted, "request_id"),
                            field(accepted, "conversation_id"),
                            null));
        } catch (IOException e) {
            if (!chat.accepted()) {
                chat.answered(TrackedChat.NO_ANSWER, null, null, e.toString());
            }
        } catch (InterruptedException e) {
            if (!chat.accepted()) {
                chat.answered(TrackedChat.NO_ANSWER, null, null, "interrupted");
            }
        }
        if (chat.accepted() && chat.terminal() == null) {
            follow(chat);
        }
        return chat.accepted();
    }

    private static void read(TrackedChat chat, InputStream body, Consumer<String> onAccepted) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (type != null) {
                    if (type.equals("accepted")) {
                        onAccepted.accept(data.toString());
                    }
                    boolean terminal = TERMINAL.contains(type);
                    chat.event(id, type, terminal, type.equals("completed") ? runId(data.toString()) : null);
                    if (terminal) {
                        return;
                    }
                }
                id = null;
                type = null;
                data.setLength(0);
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                type = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(line.substring(5));
            }
        }
    }

    /**
     * The {@code run_id} of a {@code completed} event's data: the upstream response that answered. Read from the
     * tree rather than as a {@code ChatEvent}, so that the events of an older build of the gateway read as well.
     */
    private static String runId(String data) {
        return field(data, "run_id");
    }

    private static String field(String data, String name) {
        try {
            JsonNode value = ChatCodec.instance().mapper().readTree(data).path(name);
            return value.isString() ? value.stringValue() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private void interruptStale() {
        long now = System.nanoTime();
        following.forEach((chat, thread) -> {
            if (now - chat.lastEventAt() > staleAfter.toNanos()) {
                thread.interrupt();
            }
        });
    }
}
