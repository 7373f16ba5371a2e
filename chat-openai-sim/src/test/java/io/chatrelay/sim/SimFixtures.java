package io.chatrelay.sim;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Named builders for simulator tests: a fast simulator and a strict SDK client. */
final class SimFixtures {

    static final String API_KEY = "sk-test-0123456789";

    private SimFixtures() {}

    /** A simulator that answers in 300 ms with 12-token replies. */
    static OpenAiSimulator aFastSimulator() {
        return OpenAiSimulator.start(fastSettings());
    }

    /** Answers in 300 ms with 12-token replies. */
    static SimulatorSettings fastSettings() {
        return SimulatorSettings.defaults().withLatency(Duration.ofMillis(300)).withTokensPerReply(12);
    }

    /** Background responses and runs stay queued for {@code queue}, then answer in as long again. */
    static SimulatorSettings settingsQueuedFor(Duration queue) {
        return new SimulatorSettings("127.0.0.1", 0, queue, queue.multipliedBy(2), 12, null);
    }

    /** Answers take {@code latency}, their 12 tokens spread evenly over it after a short queue. */
    static SimulatorSettings settingsWritingFor(Duration latency) {
        return new SimulatorSettings("127.0.0.1", 0, Duration.ofMillis(30), latency, 12, null);
    }

    /** The real SDK with its own retries off and every response validated. */
    static OpenAIClient aStrictClient(OpenAiSimulator simulator) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(simulator.baseUrl())
                .apiKey(API_KEY)
                .maxRetries(0)
                .responseValidation(true)
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    static ResponseCreateParams.Builder aTurn(String conversationId, String text) {
        return ResponseCreateParams.builder()
                .model("gpt-sim")
                .conversation(conversationId)
                .input(text);
    }

    /** A background response to {@code input}, created the way the worker creates one. */
    static ResponseCreateParams aBackgroundResponse(String input) {
        return ResponseCreateParams.builder()
                .model("gpt-sim")
                .input(input)
                .background(true)
                .build();
    }

    /** Every event of a streamed background response to {@code input}, read to the stream's end. */
    static List<ResponseStreamEvent> streamedToTheEnd(OpenAIClient client, String input) {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream =
                client.responses().createStreaming(aBackgroundResponse(input))) {
            stream.stream().forEach(events::add);
        }
        return events;
    }

    /** The assistant text of a finished response. */
    static String answerOf(Response response) {
        StringBuilder text = new StringBuilder();
        response.output()
                .forEach(item -> item.message()
                        .ifPresent(message -> message.content()
                                .forEach(content -> content.outputText().ifPresent(t -> text.append(t.text())))));
        return text.toString();
    }
}
