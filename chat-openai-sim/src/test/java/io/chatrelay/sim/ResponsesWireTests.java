package io.chatrelay.sim;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Responses and Conversations APIs answer, field by field, as recorded in {@code src/test/resources/wire}: the
 * JSON bodies of every endpoint and the events of every kind of stream.
 */
class ResponsesWireTests extends WireTestSupport {

    @Test
    void plainResponsesAnswerAsRecorded() {
        JsonNode first = wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","input":"Hello there","instructions":"Be brief.","metadata":{"topic":"greeting"}}""");
        wire.call("GET", "/v1/responses/" + first.get("id").asString(), null);
        wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","max_output_tokens":16,
                 "input":[{"role":"user","content":[{"type":"input_text","text":"Long one [sim:tokens=20]"}]}]}""");
        wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","input":"Break [sim:status=failed]"}""");
        wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","input":"Expire [sim:status=expired]"}""");
        wire.call("POST", "/v1/responses", """
                {"prompt":{"id":"pmpt_weather","variables":{"city":"Paris"}},"input":"With a prompt",
                 "tools":[{"type":"function","name":"lookup","parameters":{"type":"object","properties":{}}}]}""");

        wire.assertMatchesRecorded("responses-plain");
    }

    @Test
    void backgroundResponsesAndTheirCancelAnswerAsRecorded() {
        JsonNode queued = wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","input":"Hi","background":true}""");
        String id = queued.get("id").asString();
        awaitStatus("/v1/responses/" + id, "completed");
        wire.call("GET", "/v1/responses/" + id, null);
        wire.call("POST", "/v1/responses/" + id + "/cancel", null);

        simulator.settings(SimFixtures.settingsQueuedFor(Duration.ofSeconds(20)));
        JsonNode waiting = wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","input":"Wait","background":true}""");
        String waitingId = waiting.get("id").asString();
        wire.call("POST", "/v1/responses/" + waitingId + "/cancel", null);
        wire.call("POST", "/v1/responses/" + waitingId + "/cancel", null);
        wire.call("GET", "/v1/responses/" + waitingId, null);

        simulator.settings(SimFixtures.fastSettings());
        JsonNode plain = wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","input":"Plain"}""");
        wire.call("POST", "/v1/responses/" + plain.get("id").asString() + "/cancel", null);

        wire.assertMatchesRecorded("responses-background");
    }

    @Test
    void streamedResponsesSendTheRecordedEvents() {
        List<JsonNode> events = wire.stream("POST", "/v1/responses", """
                {"model":"gpt-sim","input":"Stream me","background":true,"stream":true}""");
        String id = events.getFirst().get("response").get("id").asString();
        wire.stream("GET", "/v1/responses/" + id + "?stream=true&starting_after=5", null);
        List<JsonNode> plain = wire.stream("POST", "/v1/responses", """
                {"model":"gpt-sim","input":"Stream plainly","stream":true}""");
        wire.call(
                "GET",
                "/v1/responses/" + plain.getFirst().get("response").get("id").asString() + "?stream=true",
                null);
        wire.stream("POST", "/v1/responses", """
                {"model":"gpt-sim","input":"Fail me [sim:status=failed]","background":true,"stream":true}""");
        wire.stream("POST", "/v1/responses", """
                {"model":"gpt-sim","input":"Cut short [sim:tokens=20]","max_output_tokens":16,
                 "background":true,"stream":true}""");

        wire.assertMatchesRecorded("responses-stream");
    }

    @Test
    void responseCancelledWhileWritingKeepsItsFirstWordAsRecorded() {
        // One word every two seconds: the cancel lands well before the second.
        simulator.settings(SimFixtures.settingsWritingFor(Duration.ofSeconds(24)));
        AtomicReference<String> id = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        wire.stream("POST", "/v1/responses", """
                {"model":"gpt-sim","input":"Slow","background":true,"stream":true}""", (event, data) -> {
            if (event.equals("response.created")) {
                id.set(data.get("response").get("id").asString());
            }
            if (event.equals("response.output_text.delta") && !cancelled.getAndSet(true)) {
                wire.call("POST", "/v1/responses/" + id.get() + "/cancel", null);
            }
        });
        wire.call("GET", "/v1/responses/" + id.get(), null);

        wire.assertMatchesRecorded("responses-cancel-while-writing");
    }

    @Test
    void functionCallsAndTheirOutputsAnswerAsRecorded() {
        List<JsonNode> events = wire.stream("POST", "/v1/responses", """
                {"model":"gpt-sim","input":"Weather? [sim:tool=get_weather]","background":true,"stream":true}""");
        JsonNode completed = events.getLast().get("response");
        String callId = completed.get("output").get(0).get("call_id").asString();
        wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","previous_response_id":"%s",
                 "input":[{"type":"function_call_output","call_id":"%s","output":"sunny"}]}""".formatted(completed.get("id").asString(), callId));
        wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","previous_response_id":"%s",
                 "input":[{"type":"function_call_output","call_id":"call_unknown","output":"sunny"}]}""".formatted(completed.get("id").asString()));

        String conversation =
                wire.call("POST", "/v1/conversations", "{}").get("id").asString();
        JsonNode called = wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","conversation":"%s","input":"Tool time [sim:tool=lookup]"}""".formatted(conversation));
        wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","conversation":"%s",
                 "input":[{"type":"function_call_output","call_id":"%s","output":"42","extra":{"kept":true}}]}""".formatted(
                        conversation, called.get("output").get(0).get("call_id").asString()));
        wire.call("GET", "/v1/conversations/" + conversation + "/items?order=asc", null);

        // A call handed back in the same input as its output is not yet known.
        wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","input":[
                  {"type":"function_call","call_id":"call_manual","name":"f","arguments":"{}"},
                  {"type":"function_call_output","call_id":"call_manual","output":"ok"}]}""");
        String added = wire.call("POST", "/v1/conversations", """
                {"items":[{"type":"function_call","call_id":"call_added","name":"f","arguments":"{}"}]}""").get("id").asString();
        wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","conversation":"%s",
                 "input":[{"type":"function_call_output","call_id":"call_added","output":"ok"}]}""".formatted(added));
        wire.call("GET", "/v1/conversations/" + added + "/items", null);

        wire.assertMatchesRecorded("responses-tools");
    }

    @Test
    void conversationsAndTheirItemsAnswerAsRecorded() {
        JsonNode created = wire.call("POST", "/v1/conversations", """
                {"metadata":{"owner":"tests"},"items":[{"role":"user","content":"Hello"},
                 {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hi there"}]}]}""");
        String id = created.get("id").asString();
        wire.call("GET", "/v1/conversations/" + id, null);
        wire.call("POST", "/v1/conversations/" + id + "/items", """
                {"items":[{"role":"user","content":[{"type":"input_text","text":"More"}]}]}""");
        wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","conversation":"%s","input":"Next turn"}""".formatted(id));
        wire.call("GET", "/v1/conversations/" + id + "/items", null);
        JsonNode firstPage = wire.call("GET", "/v1/conversations/" + id + "/items?order=asc&limit=2", null);
        wire.call(
                "GET",
                "/v1/conversations/" + id + "/items?order=asc&limit=2&after="
                        + firstPage.get("last_id").asString(),
                null);

        String slow =
                wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","conversation":{"id":"%s"},"input":"Slow [sim:latency=5s]","background":true}""".formatted(id)).get("id").asString();
        wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","conversation":"%s","input":"Too soon"}""".formatted(id));
        wire.quietly("POST", "/v1/responses/" + slow + "/cancel", null);

        wire.call("GET", "/v1/conversations/conv_missing", null);
        wire.call("POST", "/v1/conversations/" + id + "/items", "{}");
        wire.call("POST", "/v1/conversations/" + id + "/items", """
                {"items":[]}""");
        wire.call("GET", "/v1/conversations/" + id + "/items?limit=0", null);
        wire.call("GET", "/v1/conversations/" + id + "/items?order=sideways", null);
        wire.call("GET", "/v1/conversations/" + id + "/items?after=item_missing", null);
        wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","conversation":"%s","previous_response_id":"resp_other","input":"x"}""".formatted(id));
        wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","conversation":"conv_nope","input":"x"}""");

        wire.assertMatchesRecorded("conversations");
    }

    @Test
    void rejectedResponseCallsAnswerAsRecorded() {
        String[] bodies = {
            """
            {"model":"gpt-sim","messages":[{"role":"user","content":"x"}]}""",
            """
            {"input":"x"}""",
            """
            {"model":"","input":"x"}""",
            """
            {"model":"gpt-sim","input":"x","max_output_tokens":8}""",
            """
            {"model":"gpt-sim","input":"x","background":true,"store":false}""",
            """
            {"model":"gpt-sim"}""",
            """
            {"model":"gpt-sim","input":42}""",
            """
            {"model":"gpt-sim","input":[{"type":"message","content":"x"}]}""",
            """
            {"model":"gpt-sim","input":"x","metadata":"nope"}""",
            """
            {"model":"gpt-sim","input":"x","metadata":{"a":"1","b":"1","c":"1","d":"1","e":"1","f":"1","g":"1",
             "h":"1","i":"1","j":"1","k":"1","l":"1","m":"1","n":"1","o":"1","p":"1","q":"1"}}""",
            """
            {"model":"gpt-sim","input":"x","previous_response_id":"resp_missing"}""",
            """
            {"model":"gpt-sim","input":"Busy [sim:fail=429;retry-after=1500ms]"}""",
            """
            {"model":"gpt-sim","input":"Broke [sim:fail=insufficient_quota]"}""",
            """
            {"model":"gpt-sim","input":"Big [sim:fail=too_large]"}""",
            """
            {"model":"gpt-sim","input":"Down [sim:fail=503]"}""",
            """
            {"model":"gpt-sim","input":"Gone [sim:fail=404]"}""",
            """
            {"model":"gpt-sim","input":"Held [sim:fail=locked]"}""",
            """
            {"model":"gpt-sim","input":"Odd [sim:fail=teapot]"}""",
            "{\"model\": ",
            "[1]"
        };
        for (String body : bodies) {
            wire.call("POST", "/v1/responses", body);
        }
        wire.call("GET", "/v1/responses/resp_missing", null);
        wire.call("DELETE", "/v1/responses", null);
        wire.call("GET", "/v1/nothing", null);
        wire.call("GET", "/elsewhere", null);
        wire.call("POST", "/v1/responses", """
                {"model":"gpt-sim","input":"x"}""", "Content-Type", "application/json");

        wire.assertMatchesRecorded("responses-errors");
    }

    private void awaitStatus(String path, String status) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> wire.quietly("GET", path, null).get("status").asString(), status::equals);
    }
}
