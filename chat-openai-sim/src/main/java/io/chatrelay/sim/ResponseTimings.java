package io.chatrelay.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long the simulator took over each response, as it measured it: from the moment its create call
 * ({@code POST /v1/responses}) reached the simulator to the moment the simulator wrote the response's terminal stream
 * event ({@code response.completed}, {@code .failed} or {@code .incomplete}) or, for a response no stream carried to
 * its end (a background response that is polled, a plain create), the moment it reached its terminal status. A
 * benchmark takes this off its end-to-end latency to get the time the system under test added, including whatever
 * the simulator lost to a busy machine. Only the most recent responses are kept, so a long run cannot exhaust the heap.
 */
public final class ResponseTimings {

    /** How many responses are kept: more than a benchmark at 200 chats a second posts in a quarter of an hour. */
    static final int CAPACITY = 200_000;

    /** Nanoseconds from the create call; {@code streamed} when a stream wrote the terminal event. */
    private record Timing(long nanos, boolean streamed) {}

    private final Map<String, Timing> byResponse;

    ResponseTimings(int capacity) {
        this.byResponse = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Timing> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The response reached its terminal status; this counts unless a stream already wrote its terminal event. */
    public synchronized void ended(String responseId, long receivedNanos) {
        byResponse.putIfAbsent(responseId, new Timing(System.nanoTime() - receivedNanos, false));
    }

    /**
     * A stream wrote the response's terminal event: the first such write counts, over the terminal status (a stream
     * that resumes later and replays the event does not).
     */
    public synchronized void written(String responseId, long receivedNanos) {
        long nanos = System.nanoTime() - receivedNanos;
        Timing known = byResponse.get(responseId);
        if (known == null || !known.streamed()) {
            byResponse.put(responseId, new Timing(nanos, true));
        }
    }

    /** Milliseconds per response id (to the microsecond), oldest first. */
    public synchronized Map<String, Double> millis() {
        Map<String, Double> millis = new LinkedHashMap<>();
        byResponse.forEach((id, timing) -> millis.put(id, Math.round(timing.nanos() / 1e3) / 1e3));
        return millis;
    }

    synchronized void clear() {
        byResponse.clear();
    }
}
