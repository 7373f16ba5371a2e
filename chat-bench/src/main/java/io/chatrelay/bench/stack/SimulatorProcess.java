package io.chatrelay.bench.stack;

import io.chatrelay.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/** A run's OpenAI simulator, a process of its own on a port picked once, and its admin surface. */
public final class SimulatorProcess {

    private final int port = FreePorts.next();
    private final int tokens;
    private final BiFunction<String, List<String>, ManagedProcess> process;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private Duration latency;
    private ManagedProcess running;

    /**
     * @param latency how long it takes per answer
     * @param tokens how many tokens (deltas) it streams per answer
     * @param process makes the simulator's process from its name and arguments
     */
    SimulatorProcess(Duration latency, int tokens, BiFunction<String, List<String>, ManagedProcess> process) {
        this.latency = latency;
        this.tokens = tokens;
        this.process = process;
        this.running = made();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Duration latency() {
        return latency;
    }

    ManagedProcess process() {
        return running;
    }

    /** Starts it and waits until its admin surface answers. */
    void start(Duration timeout) {
        running.start();
        Waits.until(
                "the simulator on port " + port,
                timeout,
                () -> send(HttpRequest.newBuilder(URI.create(url() + "/sim/faults"))
                                        .GET())
                                .statusCode()
                        == 200);
    }

    void stop(Duration grace) {
        running.stop(grace);
    }

    /** Starts it again with another latency; it forgets its objects and counters. */
    public void restart(Duration newLatency, Duration grace, Duration timeout) {
        running.stop(grace);
        latency = newLatency;
        running = made();
        start(timeout);
    }

    /** Changes its global faults: {@code fields} is a JSON object of {@code FaultSettings} fields. */
    public String faults(String fields) {
        return send(HttpRequest.newBuilder(URI.create(url() + "/sim/faults"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(fields)))
                .body();
    }

    /** What it created per {@code chatrelay_request_id}, as JSON. */
    public String countsByRequest() {
        return send(HttpRequest.newBuilder(URI.create(url() + "/sim/counters/requests"))
                        .GET())
                .body();
    }

    private ManagedProcess made() {
        return process.apply(
                "simulator",
                List.of(
                        "--port",
                        Integer.toString(port),
                        "--latency-ms",
                        Long.toString(latency.toMillis()),
                        "--tokens",
                        Integer.toString(tokens)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
