package io.chatrelay.sim;

import io.chatrelay.sim.http.Json;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** The last calls the simulator saw, newest first, for the admin surface. */
final class RecentCalls {

    private static final int CAPACITY = 200;

    private final Deque<Map<String, Object>> calls = new ArrayDeque<>();

    synchronized void add(String method, String path, int status, String requestId) {
        calls.addFirst(Json.object(
                "at",
                Instant.now().toString(),
                "method",
                method,
                "path",
                path,
                "status",
                status,
                "request_id",
                requestId));
        if (calls.size() > CAPACITY) {
            calls.removeLast();
        }
    }

    synchronized List<Map<String, Object>> last(int n) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map<String, Object> call : calls) {
            if (result.size() >= n) {
                break;
            }
            result.add(call);
        }
        return result;
    }

    synchronized void clear() {
        calls.clear();
    }
}
