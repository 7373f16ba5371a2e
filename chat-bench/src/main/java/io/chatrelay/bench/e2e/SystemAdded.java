package io.chatrelay.bench.e2e;

import io.chatrelay.bench.load.Latencies;
import io.chatrelay.bench.load.TrackedChat;
import io.chatrelay.common.codec.ChatCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The time the relay added to each completed chat: its end-to-end latency (the client's {@code POST} to the
 * {@code completed} event over SSE) minus the time the simulator measured for the response that answered it (from
 * the create call reaching it to its terminal event; {@code GET /sim/timings}). The response is the {@code run_id}
 * of the chat's {@code completed} event. A chat without a run id, or whose response the simulator has no timing
 * for, is counted as missing rather than dropped.
 *
 * @param added milliseconds added per chat that has a timing
 * @param missing completed chats without a timing
 * @param missingExamples a few of them, as {@code requestId (run id)}
 */
record SystemAdded(Latencies added, int missing, List<String> missingExamples) {

    static SystemAdded of(List<TrackedChat> completed, Map<String, Double> upstreamMillis) {
        List<Double> added = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        int missing = 0;
        for (TrackedChat chat : completed) {
            Double upstream = chat.runId() == null ? null : upstreamMillis.get(chat.runId());
            if (upstream == null) {
                missing++;
                if (examples.size() < 3) {
                    examples.add(chat.requestId() + " (" + chat.runId() + ")");
                }
            } else {
                added.add((chat.terminalAt() - chat.postedAt()) / 1e6 - upstream);
            }
        }
        return new SystemAdded(new Latencies(added), missing, examples);
    }

    /** What the simulator at {@code simulatorUrl} measured, in milliseconds per response id. */
    static Map<String, Double> fetchTimings(String simulatorUrl) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(simulatorUrl + "/sim/timings"))
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(
                        "GET /sim/timings answered " + answer.statusCode() + ": " + answer.body());
            }
            Map<String, Double> millis = new HashMap<>();
            ChatCodec.instance()
                    .mapper()
                    .readTree(answer.body())
                    .properties()
                    .forEach(
                            entry -> millis.put(entry.getKey(), entry.getValue().asDouble()));
            return millis;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the simulator's timings", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the simulator's timings", e);
        }
    }
}
