package io.chatrelay.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The admin surface under {@code /sim} answers, field by field, as recorded in {@code src/test/resources/wire}. */
class AdminWireTests extends WireTestSupport {

    @Test
    void faultsCountersRequestsTimingsAndResetAnswerAsRecorded() {
        wire.call("GET", "/sim/faults", null);
        wire.call("PUT", "/sim/faults", """
                {"failed_run_rate":0.0,"cut_stream_after":3}""");

        String conversation =
                wire.call("POST", "/v1/conversations", "{}").get("id").asString();
        String response = wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","conversation":"%s","input":"Count me","metadata":{"chatrelay_request_id":"req-a"}}""".formatted(conversation))
                .get("id")
                .asString();
        String assistant = wire.call("POST", "/v1/assistants", """
                {"model":"gpt-sim"}""").get("id").asString();
        String thread = wire.call("POST", "/v1/threads", "{}").get("id").asString();
        wire.call("POST", "/v1/threads/" + thread + "/messages", """
                {"role":"user","content":"Count me too","metadata":{"chatrelay_request_id":"req-b"}}""");
        String run = wire.call("POST", "/v1/threads/" + thread + "/runs", """
                {"assistant_id":"%s","metadata":{"chatrelay_request_id":"req-b"}}""".formatted(assistant))
                .get("id")
                .asString();
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> wire.quietly("GET", "/v1/threads/" + thread + "/runs/" + run, null)
                                .get("status")
                                .asString(),
                        "completed"::equals);

        wire.call("GET", "/sim/counters", null);
        wire.call("GET", "/sim/counters/" + conversation, null);
        wire.call("GET", "/sim/counters/" + thread, null);
        wire.call("GET", "/sim/counters/requests", null);
        wire.call("GET", "/sim/counters/requests/req-b", null);
        wire.call("GET", "/sim/requests?limit=4", null);
        JsonNode timings = wire.quietly("GET", "/sim/timings", null);
        wire.call("POST", "/sim/reset", null);
        wire.call("GET", "/sim/faults", null);
        wire.call("GET", "/sim/unknown", null);

        wire.assertMatchesRecorded("admin");
        // Timings differ from run to run: only which responses they name, and that each is a number, is checked.
        assertThat(timings.propertyNames()).containsExactly(response);
        assertThat(timings.get(response).isNumber()).isTrue();
    }
}
