package io.chatrelay.sim;

import static io.chatrelay.sim.SimFixtures.aBackgroundResponse;
import static io.chatrelay.sim.SimFixtures.aStrictClient;
import static io.chatrelay.sim.SimFixtures.streamedToTheEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's own measure of each response, from the create call to its terminal stream event or status, served
 * at {@code GET /sim/timings}: what a benchmark takes off its end-to-end latency.
 */
class ResponseTimingsTests {

    private static final long LATENCY_MS = 300;

    static OpenAiSimulator simulator;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        simulator = SimFixtures.aFastSimulator();
        client = aStrictClient(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void measuresAStreamedBackgroundResponseFromItsCreateCallToItsTerminalEvent() throws Exception {
        long before = System.nanoTime();
        List<ResponseStreamEvent> events = streamedToTheEnd(client, "Time me over a stream");
        double clientMillis = millisSince(before);
        String id = events.getLast().asCompleted().response().id();

        double measured = timings().path(id).asDouble(-1);

        // Within what the client saw of the same call, and no shorter than the answer's latency.
        assertThat(measured).isBetween((double) LATENCY_MS, clientMillis);
    }

    @Test
    void measuresAPolledBackgroundResponseToItsTerminalStatus() throws Exception {
        long before = System.nanoTime();
        Response created = client.responses().create(aBackgroundResponse("Time me while I poll"));
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(
                        () -> client.responses().retrieve(created.id()).status().orElseThrow(),
                        ResponseStatus.COMPLETED::equals);
        double clientMillis = millisSince(before);

        double measured = timings().path(created.id()).asDouble(-1);

        assertThat(measured).isBetween((double) LATENCY_MS, clientMillis);
    }

    @Test
    void takesTheFirstStreamWriteOverTheTerminalStatusAndKeepsTheMostRecentOnly() {
        ResponseTimings timings = new ResponseTimings(2);
        long now = System.nanoTime();

        timings.ended("resp_status_then_stream", now - TimeUnit.SECONDS.toNanos(1));
        timings.written("resp_status_then_stream", now - TimeUnit.SECONDS.toNanos(5));
        timings.written("resp_status_then_stream", now - TimeUnit.SECONDS.toNanos(9));
        timings.ended("resp_polled", now - TimeUnit.SECONDS.toNanos(2));

        assertThat(timings.millis().get("resp_status_then_stream")).isBetween(5_000.0, 9_000.0);
        assertThat(timings.millis().get("resp_polled")).isBetween(2_000.0, 5_000.0);

        timings.ended("resp_newest", now);

        assertThat(timings.millis()).containsOnlyKeys("resp_polled", "resp_newest");
    }

    private static JsonNode timings() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + "/sim/timings"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(answer.body());
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }
}
