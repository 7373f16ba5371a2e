package io.chatrelay.devstack;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code bin/chatrelay up} starts, from its arguments and environment. Secrets are never printed by
 * {@link #toString()}.
 *
 * @param port the gateway's port ({@code --port} or {@code CHATRELAY_PORT}; 0 picks a free one)
 * @param adminToken the admin API's token ({@code CHATRELAY_ADMIN_TOKEN}, else a random one)
 * @param demoKey the demo company's API key ({@code CHATRELAY_DEMO_KEY}, else a random one)
 * @param redisUrl an external Redis ({@code REDIS_URL}), or {@code null} to start one
 * @param openAiApiKey the upstream API key ({@code OPENAI_API_KEY}), or {@code null}
 * @param openAiBaseUrl the upstream base URL ({@code OPENAI_BASE_URL}), or {@code null}
 * @param simLatency how long the simulator takes per answer ({@code --sim-latency-ms}): long enough by default to
 *     watch tokens arrive and to reload the page mid-answer
 */
public record DevStackSettings(
        int port,
        String adminToken,
        String demoKey,
        String redisUrl,
        String openAiApiKey,
        String openAiBaseUrl,
        Duration simLatency) {

    static final int DEFAULT_PORT = 8080;
    static final String OPENAI_URL = "https://api.openai.com/v1";
    static final Duration DEFAULT_SIM_LATENCY = Duration.ofSeconds(4);
    private static final SecureRandom RANDOM = new SecureRandom();

    public DevStackSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (adminToken.length() < 16) {
            throw new IllegalArgumentException("CHATRELAY_ADMIN_TOKEN must have at least 16 characters");
        }
        if (demoKey.isBlank()) {
            throw new IllegalArgumentException("CHATRELAY_DEMO_KEY must not be blank");
        }
    }

    /** Reads the arguments of {@code bin/chatrelay up} and the environment; throws with a usable message. */
    public static DevStackSettings parse(String[] args, Map<String, String> env) {
        int port =
                env.containsKey("CHATRELAY_PORT") ? number("CHATRELAY_PORT", env.get("CHATRELAY_PORT")) : DEFAULT_PORT;
        Duration simLatency = DEFAULT_SIM_LATENCY;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> port = number("--port", value);
                case "--sim-latency-ms" -> simLatency = Duration.ofMillis(number("--sim-latency-ms", value));
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + option + " (known: --port, --sim-latency-ms)");
            }
        }
        return new DevStackSettings(
                port,
                orElse(env.get("CHATRELAY_ADMIN_TOKEN"), () -> "admin-" + randomToken()),
                orElse(env.get("CHATRELAY_DEMO_KEY"), () -> "demo-" + randomToken()),
                blankToNull(env.get("REDIS_URL")),
                blankToNull(env.get("OPENAI_API_KEY")),
                blankToNull(env.get("OPENAI_BASE_URL")),
                simLatency);
    }

    /** Whether the workers call a real upstream instead of the simulator. */
    public boolean externalUpstream() {
        return openAiApiKey != null || openAiBaseUrl != null;
    }

    /** The upstream's base URL when {@link #externalUpstream()}. */
    String upstreamBaseUrl() {
        return openAiBaseUrl == null ? OPENAI_URL : openAiBaseUrl;
    }

    public DevStackSettings withPort(int port) {
        return new DevStackSettings(port, adminToken, demoKey, redisUrl, openAiApiKey, openAiBaseUrl, simLatency);
    }

    public DevStackSettings withSimLatency(Duration simLatency) {
        return new DevStackSettings(port, adminToken, demoKey, redisUrl, openAiApiKey, openAiBaseUrl, simLatency);
    }

    static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
        }
    }

    private static String orElse(String value, Supplier<String> fallback) {
        String set = blankToNull(value);
        return set == null ? fallback.get() : set;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "DevStackSettings[port=" + port + ", redisUrl=" + (redisUrl == null ? "started here" : "set")
                + ", upstream=" + (externalUpstream() ? upstreamBaseUrl() : "simulator") + ", simLatency="
                + simLatency + "]";
    }
}
