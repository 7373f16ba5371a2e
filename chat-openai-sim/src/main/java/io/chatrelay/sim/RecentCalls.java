package io.chatrelay.sim;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last calls the simulator saw, newest first, for the admin surface. */
final class RecentCalls {

    /** One call as {@code GET /sim/requests} lists it. */
    record Call(String at, String method, String path, int status, String requestId) {}

    private static final int CAPACITY = 200;

    private final Deque<Call> calls = new ArrayDeque<>();

    synchronized void add(String method, String path, int status, String requestId) {
        calls.addFirst(new Call(Instant.now().toString(), method, path, status, requestId));
        if (calls.size() > CAPACITY) {
            calls.removeLast();
        }
    }

    synchronized List<Call> last(int n) {
        return calls.stream().limit(Math.max(0, n)).toList();
    }

    synchronized void clear() {
        calls.clear();
    }
}
