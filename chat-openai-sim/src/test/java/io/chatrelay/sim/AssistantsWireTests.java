package io.chatrelay.sim;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Assistants v2 API answers, field by field, as recorded in {@code src/test/resources/wire}: assistants, threads,
 * messages, runs and their lists, and the events of every way a streamed run ends.
 */
class AssistantsWireTests extends WireTestSupport {

    @Test
    void assistantsThreadsMessagesAndRunsAnswerAsRecorded() {
        String assistant = wire.call("POST", "/v1/assistants", """
                {"model":"gpt-sim","name":"Helper","instructions":"Answer briefly.","metadata":{"team":"tests"}}""").get("id").asString();
        wire.call("GET", "/v1/assistants/" + assistant, null);
        String thread = wire.call("POST", "/v1/threads", """
                {"metadata":{"chat":"one"},"messages":[{"role":"user","content":"Hello"}]}""").get("id").asString();
        wire.call("GET", "/v1/threads/" + thread, null);
        wire.call("POST", "/v1/threads/" + thread + "/messages", """
                {"role":"user","content":[{"type":"text","text":"A question"}],
                 "metadata":{"chatrelay_request_id":"req-1"}}""");
        String run = wire.call("POST", "/v1/threads/" + thread + "/runs", """
                {"assistant_id":"%s"}""".formatted(assistant))
                .get("id")
                .asString();
        awaitStatus("/v1/threads/" + thread + "/runs/" + run, "completed");
        wire.call("GET", "/v1/threads/" + thread + "/runs/" + run, null);

        String second = wire.call("POST", "/v1/threads/" + thread + "/runs", """
                {"assistant_id":"%s","model":"gpt-other","instructions":"Override.","metadata":{"k":"v"},
                 "additional_messages":[{"role":"user","content":"Extra"}]}""".formatted(assistant))
                .get("id")
                .asString();
        awaitStatus("/v1/threads/" + thread + "/runs/" + second, "completed");
        wire.call("GET", "/v1/threads/" + thread + "/runs/" + second, null);
        wire.call("GET", "/v1/threads/" + thread + "/runs", null);
        wire.call("GET", "/v1/threads/" + thread + "/runs?order=asc&limit=1", null);

        String messages = "/v1/threads/" + thread + "/messages";
        JsonNode all = wire.call("GET", messages + "?order=asc", null);
        wire.call("GET", messages, null);
        wire.call("GET", messages + "?run_id=" + run, null);
        wire.call("GET", messages + "?order=asc&limit=2", null);
        String firstId = all.get("data").get(0).get("id").asString();
        String thirdId = all.get("data").get(2).get("id").asString();
        wire.call("GET", messages + "?order=asc&limit=2&after=" + firstId, null);
        wire.call("GET", messages + "?order=asc&limit=1&before=" + thirdId, null);
        wire.call("GET", messages + "?order=asc&after=" + firstId + "&before=" + thirdId, null);

        wire.assertMatchesRecorded("assistants-objects");
    }

    @Test
    void streamedRunsSendTheRecordedEventsForEveryEnding() {
        String assistant = anAssistant();
        String thread = aThread("Stream this");
        String runs = "/v1/threads/" + thread + "/runs";
        String streamed = """
                {"assistant_id":"%s","stream":true}""".formatted(assistant);
        wire.stream("POST", runs, streamed);
        for (String ending : new String[] {"failed", "expired", "incomplete"}) {
            wire.call("POST", "/v1/threads/" + thread + "/messages", """
                    {"role":"user","content":"End %s [sim:status=%s]"}""".formatted(ending, ending));
            wire.stream("POST", runs, streamed);
        }
        wire.call("GET", "/v1/threads/" + thread + "/messages?order=asc", null);

        wire.assertMatchesRecorded("assistants-stream");
    }

    @Test
    void runWaitingOnAFunctionAnswersAsRecorded() {
        String assistant = anAssistant();
        String thread = aThread("Call it [sim:tool=get_time]");
        List<JsonNode> events = wire.stream("POST", "/v1/threads/" + thread + "/runs", """
                {"assistant_id":"%s","stream":true}""".formatted(assistant));
        JsonNode waiting = events.get(events.size() - 2);
        String run = "/v1/threads/" + thread + "/runs/" + waiting.get("id").asString();
        String callId = waiting.get("required_action")
                .get("submit_tool_outputs")
                .get("tool_calls")
                .get(0)
                .get("id")
                .asString();
        wire.call("POST", run + "/submit_tool_outputs", """
                {"tool_outputs":[{"tool_call_id":"call_wrong","output":"noon"}]}""");
        wire.call("POST", run + "/submit_tool_outputs", """
                {"stream":true,"tool_outputs":[{"tool_call_id":"%s","output":"noon"}]}""".formatted(callId));
        wire.call("POST", run + "/submit_tool_outputs", """
                {"tool_outputs":[{"tool_call_id":"%s","output":"noon"}]}""".formatted(callId));
        awaitStatus(run, "completed");
        wire.call("GET", run, null);
        wire.call("GET", "/v1/threads/" + thread + "/messages?order=asc", null);
        wire.call("POST", run + "/submit_tool_outputs", """
                {"tool_outputs":[{"tool_call_id":"%s","output":"noon"}]}""".formatted(callId));

        wire.assertMatchesRecorded("assistants-tools");
    }

    @Test
    void queuedRunBlocksTheThreadAndCancelsAsRecorded() {
        simulator.settings(SimFixtures.settingsQueuedFor(Duration.ofSeconds(20)));
        String assistant = anAssistant();
        String thread = aThread("Wait for me");
        String run = "/v1/threads/" + thread + "/runs/"
                + wire.call("POST", "/v1/threads/" + thread + "/runs", """
                        {"assistant_id":"%s"}""".formatted(assistant))
                        .get("id")
                        .asString();
        wire.call("POST", "/v1/threads/" + thread + "/messages", """
                {"role":"user","content":"Meanwhile"}""");
        wire.call("POST", "/v1/threads/" + thread + "/runs", """
                {"assistant_id":"%s"}""".formatted(assistant));
        wire.call("POST", run + "/cancel", null);
        awaitStatus(run, "cancelled");
        wire.call("GET", run, null);
        wire.call("POST", run + "/cancel", null);

        wire.assertMatchesRecorded("assistants-cancel-queued");
    }

    @Test
    void runCancelledWhileWritingKeepsItsFirstWordAsRecorded() {
        // One word every two seconds: the cancel lands well before the second.
        simulator.settings(SimFixtures.settingsWritingFor(Duration.ofSeconds(24)));
        String assistant = anAssistant();
        String thread = aThread("Slow");
        AtomicBoolean cancelled = new AtomicBoolean();
        wire.stream("POST", "/v1/threads/" + thread + "/runs", """
                {"assistant_id":"%s","stream":true}""".formatted(assistant), (event, data) -> {
            if (event.equals("thread.message.delta") && !cancelled.getAndSet(true)) {
                String runId = wire.quietly("GET", "/v1/threads/" + thread + "/runs", null)
                        .get("data")
                        .get(0)
                        .get("id")
                        .asString();
                wire.call("POST", "/v1/threads/" + thread + "/runs/" + runId + "/cancel", null);
            }
        });
        wire.call("GET", "/v1/threads/" + thread + "/messages?order=asc", null);

        wire.assertMatchesRecorded("assistants-cancel-while-writing");
    }

    @Test
    void rejectedAssistantCallsAnswerAsRecorded() {
        String assistant = anAssistant();
        String thread = aThread("Hello");
        wire.call("POST", "/v1/threads", "{}", "Authorization", "Bearer " + SimFixtures.API_KEY);
        wire.call("GET", "/v1/threads/nope", null);
        wire.call("GET", "/v1/threads/thread_missing", null);
        wire.call("GET", "/v1/assistants/asst_missing", null);
        wire.call("POST", "/v1/assistants", "{}");
        wire.call("DELETE", "/v1/assistants", null);
        wire.call("POST", "/v1/threads", """
                {"messages":[{"content":"x"}]}""");
        wire.call("POST", "/v1/threads", """
                {"messages":[{"role":"system","content":"x"}]}""");
        wire.call("POST", "/v1/threads/" + thread + "/messages", """
                {"role":"user"}""");
        wire.call("POST", "/v1/threads/" + thread + "/messages", """
                {"role":"user","content":"Down [sim:fail=503;fail-on=message]"}""");
        wire.call("POST", "/v1/threads/" + thread + "/runs", "{}");
        wire.call("POST", "/v1/threads/" + thread + "/runs", """
                {"assistant_id":"asst_missing"}""");
        wire.call("GET", "/v1/threads/" + thread + "/runs/run_missing", null);
        wire.call("DELETE", "/v1/threads/" + thread, null);
        wire.call("GET", "/v1/threads/" + thread + "/messages?limit=500", null);
        wire.call("POST", "/v1/threads/" + thread + "/messages", """
                {"role":"user","content":"Busy [sim:fail=429x1]"}""");
        wire.call("POST", "/v1/threads/" + thread + "/runs", """
                {"assistant_id":"%s"}""".formatted(assistant));

        wire.assertMatchesRecorded("assistants-errors");
    }

    private String anAssistant() {
        return wire.call("POST", "/v1/assistants", """
                {"model":"gpt-sim"}""").get("id").asString();
    }

    private String aThread(String text) {
        return wire.call("POST", "/v1/threads", """
                {"messages":[{"role":"user","content":"%s"}]}""".formatted(text)).get("id").asString();
    }

    private void awaitStatus(String path, String status) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> wire.quietly("GET", path, null).get("status").asString(), status::equals);
    }
}
