package io.chatrelay.sim;

import java.time.Duration;

/**
 * How the simulator listens and how its model behaves.
 *
 * @param host the address to bind
 * @param port the port to bind; 0 picks a free one
 * @param queueTime how long a background response or a run stays {@code queued}
 * @param latency how long a response or run takes from creation to its terminal status
 * @param tokensPerReply how many tokens (words) a reply has
 * @param apiKey the only bearer token accepted, or {@code null} to accept any
 */
public record SimulatorSettings(
        String host, int port, Duration queueTime, Duration latency, int tokensPerReply, String apiKey) {

    /** OpenAI-like timing: about a second per answer. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings("127.0.0.1", 0, Duration.ofMillis(100), Duration.ofSeconds(1), 24, null);
    }

    public SimulatorSettings withPort(int port) {
        return new SimulatorSettings(host, port, queueTime, latency, tokensPerReply, apiKey);
    }

    public SimulatorSettings withHost(String host) {
        return new SimulatorSettings(host, port, queueTime, latency, tokensPerReply, apiKey);
    }

    /** Sets the total time per answer; the queued part is capped at a tenth of it. */
    public SimulatorSettings withLatency(Duration latency) {
        Duration queued = queueTime.compareTo(latency.dividedBy(10)) > 0 ? latency.dividedBy(10) : queueTime;
        return new SimulatorSettings(host, port, queued, latency, tokensPerReply, apiKey);
    }

    public SimulatorSettings withTokensPerReply(int tokensPerReply) {
        return new SimulatorSettings(host, port, queueTime, latency, tokensPerReply, apiKey);
    }

    public SimulatorSettings withApiKey(String apiKey) {
        return new SimulatorSettings(host, port, queueTime, latency, tokensPerReply, apiKey);
    }
}
