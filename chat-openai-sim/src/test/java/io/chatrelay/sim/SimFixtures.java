package io.chatrelay.sim;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import java.time.Duration;

/** Named builders for simulator tests: a fast simulator and a strict SDK client. */
final class SimFixtures {

    static final String API_KEY = "sk-test-0123456789";

    private SimFixtures() {}

    /** A simulator that answers in 300 ms with 12-token replies. */
    static OpenAiSimulator aFastSimulator() {
        return OpenAiSimulator.start(
                SimulatorSettings.defaults().withLatency(Duration.ofMillis(300)).withTokensPerReply(12));
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
