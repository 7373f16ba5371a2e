package io.chatrelay.sim;

import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Exchange;
import io.chatrelay.sim.http.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The test and benchmark surface under {@code /sim}: {@code GET|PUT /sim/faults}, {@code GET /sim/counters},
 * {@code GET /sim/counters/{threadOrConversationId}}, {@code GET /sim/counters/requests[/{requestId}]} (by the
 * {@code chatrelay_request_id} metadata), {@code GET /sim/requests?limit=N}, {@code GET /sim/timings} (milliseconds
 * per response id, {@code {"resp_…": 2001.234, …}}, see {@link ResponseTimings}), {@code POST /sim/reset}.
 */
final class SimAdmin {

    /** {@code GET /sim/counters}. */
    private record AllCounts(Counters.Snapshot totals, Map<String, Counters.Snapshot> byScope) {}

    /** {@code GET /sim/counters/requests}. */
    private record RequestCounts(Map<String, Counters.Snapshot> byRequest) {}

    /** {@code GET /sim/requests}. */
    private record Calls(List<RecentCalls.Call> data) {}

    /** {@code POST /sim/reset}. */
    private record Reset(boolean reset) {}

    private SimAdmin() {}

    static void handle(Exchange exchange, List<String> segments, OpenAiSimulator simulator, RecentCalls recent) {
        String method = exchange.method();
        String what = segments.size() > 1 ? segments.get(1) : "";
        switch (what) {
            case "faults" -> {
                if (method.equals("PUT") || method.equals("POST")) {
                    ObjectNode merged = Json.MAPPER.valueToTree(simulator.faults());
                    merged.setAll((ObjectNode) exchange.body());
                    simulator.faults(Json.MAPPER.treeToValue(merged, FaultSettings.class));
                }
                exchange.json(200, simulator.faults());
            }
            case "counters" -> {
                Counters counters = simulator.counters();
                // Thread and conversation ids start with thread_ or conv_, so "requests" never names a scope.
                if (segments.size() > 2 && segments.get(2).equals("requests")) {
                    exchange.json(
                            200,
                            segments.size() > 3
                                    ? counters.forRequest(segments.get(3))
                                    : new RequestCounts(counters.allRequests()));
                } else if (segments.size() > 2) {
                    exchange.json(200, counters.forScope(segments.get(2)));
                } else {
                    exchange.json(200, new AllCounts(counters.totals(), counters.allScopes()));
                }
            }
            case "requests" -> {
                String limit = exchange.query("limit");
                exchange.json(200, new Calls(recent.last(limit == null ? 50 : Integer.parseInt(limit))));
            }
            case "timings" -> exchange.json(200, simulator.timings().millis());
            case "reset" -> {
                simulator.reset();
                exchange.json(200, new Reset(true));
            }
            default ->
                throw ApiError.notFound("Unknown simulator admin path " + exchange.path())
                        .toException();
        }
    }
}
