package io.chatrelay.bench.load;

import java.time.Instant;

/**
 * One chat the load client posted, and what became of it. Written by the chat's own thread, read once the load is
 * over; times are {@link System#nanoTime()} of the client, and the wall clock where they are set against the
 * timestamps of the events.
 */
public final class TrackedChat {

    /** What the gateway answered when there was no HTTP answer at all. */
    public static final int NO_ANSWER = -1;

    /** Kafka holds the chat: the {@code POST} answered 202, or its stream began with the {@code accepted} event. */
    public static final int ACCEPTED = 202;

    private final int number;
    private final long postedAt;
    private final String continuing;
    private final Instant postedWall = Instant.now();
    private volatile int status;
    private volatile String requestId;
    private volatile String conversationId;
    private volatile String refusal;
    private volatile long answeredAt;
    private volatile String terminal;
    private volatile long terminalAt;
    private volatile Instant terminalWall;
    private volatile String runId;
    private volatile long lastEventId = -1;
    private volatile long lastEventAt;
    private volatile int reconnects;

    /** A chat posted at {@code postedAt}: the next turn of {@code continuing}, or a first turn when that is null. */
    TrackedChat(int number, long postedAt, String continuing) {
        this.number = number;
        this.postedAt = postedAt;
        this.continuing = continuing;
        this.lastEventAt = postedAt;
    }

    public int number() {
        return number;
    }

    public long postedAt() {
        return postedAt;
    }

    /** Whether the chat continued a conversation whose earlier turn had ended, rather than starting one. */
    public boolean continued() {
        return continuing != null;
    }

    /**
     * The HTTP status of the {@code POST} ({@link #ACCEPTED} for a streamed one whose stream began), {@link #NO_ANSWER}
     * without one, 0 while unanswered.
     */
    public int status() {
        return status;
    }

    public boolean accepted() {
        return status == ACCEPTED;
    }

    public String requestId() {
        return requestId;
    }

    /** The conversation the chat was accepted into, or the one it was meant to continue when it was not accepted. */
    public String conversationId() {
        return conversationId != null ? conversationId : continuing;
    }

    /** The body of an answer other than 202 (or the I/O error), for the report. */
    public String refusal() {
        return refusal;
    }

    public long answeredAt() {
        return answeredAt;
    }

    /** The type of the terminal event seen over SSE, or null while none was. */
    public String terminal() {
        return terminal;
    }

    public long terminalAt() {
        return terminalAt;
    }

    /** The upstream response (or run) that answered, from the {@code completed} event; null without one. */
    public String runId() {
        return runId;
    }

    /** The wall-clock time of the {@code POST}. */
    public Instant postedWall() {
        return postedWall;
    }

    /** The wall-clock time the terminal event arrived, or null while none did. */
    public Instant terminalWall() {
        return terminalWall;
    }

    public int reconnects() {
        return reconnects;
    }

    String continuing() {
        return continuing;
    }

    void answered(int status, String requestId, String conversationId, String refusal) {
        this.answeredAt = System.nanoTime();
        this.lastEventAt = answeredAt;
        this.requestId = requestId;
        this.conversationId = conversationId;
        this.refusal = refusal;
        this.status = status;
    }

    void event(String id, String type, boolean isTerminal, String eventRunId) {
        long now = System.nanoTime();
        lastEventAt = now;
        if (id != null && !id.isEmpty()) {
            lastEventId = Long.parseLong(id);
        }
        if (isTerminal && terminal == null) {
            terminalAt = now;
            terminalWall = Instant.now();
            runId = eventRunId;
            terminal = type;
        }
    }

    long lastEventId() {
        return lastEventId;
    }

    long lastEventAt() {
        return lastEventAt;
    }

    /** A new stream is opened: it gets a full {@code staleAfter} before it counts as stale. */
    void reconnected() {
        lastEventAt = System.nanoTime();
        reconnects++;
    }
}
