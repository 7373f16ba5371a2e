package io.chatrelay.sim;

import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Exchange;
import io.chatrelay.sim.http.Json;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test and benchmark surface under {@code /sim}: {@code GET|PUT /sim/faults}, {@code GET /sim/counters},
 * {@code GET /sim/counters/{threadOrConversationId}}, {@code GET /sim/counters/requests[/{requestId}]} (by the
 * {@code chatrelay_request_id} metadata), {@code GET /sim/requests?limit=N}, {@code GET /sim/timings} (milliseconds
 * per response id, {@code {"resp_…": 2001.234, …}}, see {@link ResponseTimings}), {@code POST /sim/reset}.
 */
final class SimAdmin {

    private static final JsonMapper SNAKE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private SimAdmin() {}

    static void handle(Exchange exchange, List<String> segments, OpenAiSimulator simulator, RecentCalls recent) {
        String method = exchange.method();
        String what = segments.size() > 1 ? segments.get(1) : "";
        switch (what) {
            case "faults" -> {
                if (method.equals("PUT") || method.equals("POST")) {
                    FaultSettings current = simulator.faults();
                    var merged = SNAKE.valueToTree(current);
                    ((tools.jackson.databind.node.ObjectNode) merged)
                            .setAll((tools.jackson.databind.node.ObjectNode) exchange.body());
                    simulator.faults(SNAKE.treeToValue(merged, FaultSettings.class));
                }
                exchange.json(200, SNAKE.valueToTree(simulator.faults()));
            }
            case "counters" -> {
                Counters counters = simulator.counters();
                // Thread and conversation ids start with thread_ or conv_, so "requests" never names a scope.
                if (segments.size() > 2 && segments.get(2).equals("requests")) {
                    exchange.json(
                            200,
                            segments.size() > 3
                                    ? SNAKE.valueToTree(counters.forRequest(segments.get(3)))
                                    : Json.object("by_request", SNAKE.valueToTree(counters.allRequests())));
                } else if (segments.size() > 2) {
                    exchange.json(200, SNAKE.valueToTree(counters.forScope(segments.get(2))));
                } else {
                    exchange.json(
                            200,
                            Json.object(
                                    "totals", SNAKE.valueToTree(counters.totals()),
                                    "by_scope", SNAKE.valueToTree(counters.allScopes())));
                }
            }
            case "requests" -> {
                String limit = exchange.query("limit");
                exchange.json(200, Json.object("data", recent.last(limit == null ? 50 : Integer.parseInt(limit))));
            }
            case "timings" -> exchange.json(200, simulator.timings().millis());
            case "reset" -> {
                simulator.reset();
                exchange.json(200, Json.object("reset", true));
            }
            default ->
                throw ApiError.notFound("Unknown simulator admin path " + exchange.path())
                        .toException();
        }
    }
}
