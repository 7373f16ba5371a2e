package io.chatrelay.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulator created, per thread or conversation, per {@code chatrelay_request_id} metadata value, and in
 * total — so a test can prove that a request produced exactly one message and one run.
 */
public final class Counters {

    /** The kinds of things counted. */
    public enum Kind {
        MESSAGES,
        RUNS,
        RESPONSES,
        CANCELS
    }

    /** Counts at one moment. */
    public record Snapshot(long messages, long runs, long responses, long cancels) {}

    private static final String REQUEST_METADATA_KEY = "chatrelay_request_id";

    private final Map<String, AtomicLong[]> byScope = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong[]> byRequest = new ConcurrentHashMap<>();
    private final AtomicLong[] totals = fresh();

    /** Counts one creation in a thread or conversation ({@code scope} may be null), tagged by its metadata. */
    public void count(Kind kind, String scope, Map<String, String> metadata) {
        totals[kind.ordinal()].incrementAndGet();
        if (scope != null) {
            byScope.computeIfAbsent(scope, k -> fresh())[kind.ordinal()].incrementAndGet();
        }
        String requestId = metadata == null ? null : metadata.get(REQUEST_METADATA_KEY);
        if (requestId != null) {
            byRequest.computeIfAbsent(requestId, k -> fresh())[kind.ordinal()].incrementAndGet();
        }
    }

    public Snapshot forScope(String threadOrConversationId) {
        return snapshot(byScope.get(threadOrConversationId));
    }

    /** Counts of everything created with metadata {@code chatrelay_request_id} = {@code requestId}. */
    public Snapshot forRequest(String requestId) {
        return snapshot(byRequest.get(requestId));
    }

    public Snapshot totals() {
        return snapshot(totals);
    }

    Map<String, Snapshot> allScopes() {
        Map<String, Snapshot> result = new TreeMap<>();
        byScope.forEach((k, v) -> result.put(k, snapshot(v)));
        return result;
    }

    /** Counts per {@code chatrelay_request_id}, for every request the simulator saw. */
    Map<String, Snapshot> allRequests() {
        Map<String, Snapshot> result = new TreeMap<>();
        byRequest.forEach((k, v) -> result.put(k, snapshot(v)));
        return result;
    }

    void reset() {
        byScope.clear();
        byRequest.clear();
        for (AtomicLong counter : totals) {
            counter.set(0);
        }
    }

    private static Snapshot snapshot(AtomicLong[] counts) {
        return counts == null
                ? new Snapshot(0, 0, 0, 0)
                : new Snapshot(counts[0].get(), counts[1].get(), counts[2].get(), counts[3].get());
    }

    private static AtomicLong[] fresh() {
        return new AtomicLong[] {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()};
    }
}
