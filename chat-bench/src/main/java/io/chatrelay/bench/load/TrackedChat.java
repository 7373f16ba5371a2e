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

    private final int number;
    private final long postedAt;
    private final Instant postedWall = Instant.now();
    private volatile int status;
    private volatile String requestId;
    private volatile String refusal;
    private volatile long answeredAt;
    private volatile String terminal;
    private volatile long terminalAt;
    private volatile Instant terminalWall;
    private volatile long lastEventId = -1;
    private volatile long lastEventAt;
    private volatile int reconnects;

    TrackedChat(int number, long postedAt) {
        this.number = number;
        this.postedAt = postedAt;
    }

    public int number() {
        return number;
    }

    public long postedAt() {
        return postedAt;
    }

    /** The HTTP status of the {@code POST}, {@link #NO_ANSWER} without one, 0 while unanswered. */
    public int status() {
        return status;
    }

    public boolean accepted() {
        return status == 202;
    }

    public String requestId() {
        return requestId;
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

    void answered(int status, String requestId, String refusal) {
        this.answeredAt = System.nanoTime();
        this.lastEventAt = answeredAt;
        this.requestId = requestId;
        this.refusal = refusal;
        this.status = status;
    }

    void event(String id, String type, boolean isTerminal) {
        long now = System.nanoTime();
        lastEventAt = now;
        if (id != null && !id.isEmpty()) {
            lastEventId = Long.parseLong(id);
        }
        if (isTerminal && terminal == null) {
            terminalAt = now;
            terminalWall = Instant.now();
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
