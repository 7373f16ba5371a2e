package io.chatrelay.gateway.bench;

import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.Usage;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/** One SSE connection following one request, reading the raw stream and timing each event it receives. */
final class SseSubscriber {

    private final String requestId;
    private final String conversationId;
    /** When each seq was handed to the producer, in nanoTime; written by the publisher, read by the connection. */
    private volatile AtomicLongArray publishedAt = new AtomicLongArray(0);

    private final StringBuilder partial = new StringBuilder();
    private long nextSeq = 1;
    private volatile long lastSeq = -1;
    private volatile boolean connected;
    private volatile boolean settled;
    private volatile boolean closed;
    private volatile boolean tooSlow;
    private volatile long outOfOrder;
    private Samples latencies;
    private Runnable onSettled;

    SseSubscriber(String requestId, String conversationId) {
        this.requestId = requestId;
        this.conversationId = conversationId;
    }

    /** Makes room for the publish times of this many deltas (seq 1 to {@code deltas}); before publishing. */
    void expect(int deltas) {
        publishedAt = new AtomicLongArray(deltas + 1);
    }

    void open(HttpClient http, Samples latencies, Map<String, AtomicInteger> refusals, Runnable onSettled) {
        this.latencies = latencies;
        this.onSettled = onSettled;
        http.headers(headers -> headers.set(HttpHeaderNames.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE))
                .get()
                .uri("/v1/chats/" + requestId + "/events")
                .response((response, content) -> response.status().code() == 200
                        ? content.asString(StandardCharsets.UTF_8)
                        : Flux.error(new IllegalStateException(
                                "status " + response.status().code())))
                .subscribe(
                        this::read,
                        failure -> {
                            String why = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                            refusals.computeIfAbsent(why, k -> new AtomicInteger())
                                    .incrementAndGet();
                            settle();
                        },
                        () -> closed = true);
    }

    /** Splits the stream into lines; a chunk may end in the middle of one. */
    private void read(String chunk) {
        long now = System.nanoTime();
        int start = 0;
        int newline;
        while ((newline = chunk.indexOf('\n', start)) >= 0) {
            partial.append(chunk, start, newline);
            line(partial.toString(), now);
            partial.setLength(0);
            start = newline + 1;
        }
        partial.append(chunk, start, chunk.length());
    }

    private void line(String line, long now) {
        if (line.startsWith("event:too_slow")) {
            tooSlow = true;
        }
        if (!line.startsWith("id:")) {
            return;
        }
        long seq = Long.parseLong(line.substring(3).strip());
        if (seq != lastSeq + 1) {
            outOfOrder++;
        }
        lastSeq = seq;
        if (seq == 0) {
            connected = true;
            settle();
        } else {
            AtomicLongArray published = publishedAt;
            if (seq < published.length() && published.get((int) seq) > 0) {
                latencies.add(now - published.get((int) seq));
            }
        }
    }

    private void settle() {
        if (!settled) {
            settled = true;
            onSettled.run();
        }
    }

    /** The next delta of this request; publisher thread only. */
    ChatEvent nextDelta() {
        return new ChatEvent.DeltaEmitted(requestId, conversationId, nextSeq++, Instant.now(), "some more words ");
    }

    ChatEvent completed() {
        return new ChatEvent.Completed(
                requestId, conversationId, nextSeq++, Instant.now(), "resp_bench", "done", new Usage(1, 1, 2));
    }

    /** Called just before a delta is handed to the producer: its latency counts from here. */
    void publishing(long seq) {
        AtomicLongArray published = publishedAt;
        if (seq < published.length()) {
            published.set((int) seq, System.nanoTime());
        }
    }

    boolean connected() {
        return connected;
    }

    boolean settled() {
        return settled;
    }

    boolean closed() {
        return closed;
    }

    boolean toldTooSlow() {
        return tooSlow;
    }

    long outOfOrder() {
        return outOfOrder;
    }
}
