package io.chatrelay.worker.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.models.responses.ResponseCreateParams;
import io.chatrelay.sim.OpenAiSimulator;
import io.chatrelay.sim.SimulatorSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A stream read with the options the engines stream with, through the real SDK over real HTTP. */
class StreamingOptionsTests {

    private static final OpenAiSimulator SIMULATOR =
            OpenAiSimulator.start(SimulatorSettings.defaults().withTokensPerReply(12));

    @AfterAll
    static void stopSimulator() {
        SIMULATOR.close();
    }

    @Test
    void anAnswerStreamsLongerThanTheRequestTimeoutWithoutBeingCut() throws IOException {
        // Each read waits well under the request timeout (12 deltas over 5 s); the answer as a whole takes two and a
        // half times as long.
        OpenAiProperties properties = new OpenAiProperties(
                SIMULATOR.baseUrl(),
                "",
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                Duration.ofMillis(500),
                3,
                4,
                Duration.ofSeconds(20),
                0);
        OpenAIClient client = new UpstreamConfiguration().openAiClient(properties);
        try {
            ResponseCreateParams params = ResponseCreateParams.builder()
                    .conversation(client.conversations().create().id())
                    .model("gpt-sim")
                    .background(true)
                    .input("Take your time [sim:latency=5s]")
                    .build();
            long started = System.nanoTime();
            String stream;
            try (HttpResponse raw =
                    client.responses().withRawResponse().createStreaming(params, properties.streaming())) {
                stream = new String(raw.body().readAllBytes(), StandardCharsets.UTF_8);
            }

            assertThat(stream).contains("event: response.completed");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(4));
        } finally {
            client.close();
        }
    }
}
