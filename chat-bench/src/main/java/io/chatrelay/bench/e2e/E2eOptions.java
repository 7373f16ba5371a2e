package io.chatrelay.bench.e2e;

import io.chatrelay.bench.stack.Brokers;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The options of {@code bin/chatrelay bench e2e}.
 *
 * @param seconds how long the measured window posts chats ({@code --seconds}, 60)
 * @param rate chats posted per second, in the warm-up and the window ({@code --rate}, 200)
 * @param warmup how long the same load runs before the window ({@code --warmup}, 120 s): long enough for six JVMs to
 *     compile their hot code
 * @param drain how long the chats of the warm-up, then those of the window, may take to end ({@code
 *     --drain-seconds}, 300)
 * @param latencies the simulator's latency per answer, one run each ({@code --latency-ms}, 2000; a comma-separated
 *     list runs each in turn)
 * @param tokens how many tokens (deltas) the simulator streams per answer ({@code --tokens}, 16)
 * @param brokers how many Kafka brokers: 1, or 3 that replicate every topic ({@code --brokers}, 1)
 * @param workers how many worker processes ({@code --workers}, 2)
 * @param appJvmOptions further JVM options of the gateway and the workers ({@code --app-jvm}, space-separated, none)
 * @param streamedPost whether a chat is followed on its {@code POST}'s own answer ({@code --follow post}) rather than
 *     on a second request to its events ({@code --follow events}, the default)
 */
record E2eOptions(
        int seconds,
        double rate,
        int warmup,
        Duration drain,
        List<Duration> latencies,
        int tokens,
        int brokers,
        int workers,
        List<String> appJvmOptions,
        boolean streamedPost) {

    private static final Set<String> KNOWN = Set.of(
            "--seconds",
            "--rate",
            "--warmup",
            "--drain-seconds",
            "--latency-ms",
            "--tokens",
            "--brokers",
            "--workers",
            "--app-jvm",
            "--follow");

    /** Reads {@code --name value} pairs; an unknown option or one without a value is an error that names it. */
    static E2eOptions parse(String[] args) {
        Map<String, String> given = new TreeMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!KNOWN.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "bench e2e: unknown option or missing value '" + args[i] + "' (options: " + KNOWN + ")");
            }
            given.put(args[i], args[i + 1]);
        }
        return new E2eOptions(
                Integer.parseInt(given.getOrDefault("--seconds", "60")),
                Double.parseDouble(given.getOrDefault("--rate", "200")),
                Integer.parseInt(given.getOrDefault("--warmup", "120")),
                Duration.ofSeconds(Long.parseLong(given.getOrDefault("--drain-seconds", "300"))),
                Arrays.stream(given.getOrDefault("--latency-ms", "2000").split(","))
                        .map(ms -> Duration.ofMillis(Long.parseLong(ms.trim())))
                        .toList(),
                Integer.parseInt(given.getOrDefault("--tokens", "16")),
                Brokers.count(given.getOrDefault("--brokers", "1")),
                Integer.parseInt(given.getOrDefault("--workers", "2")),
                Arrays.stream(given.getOrDefault("--app-jvm", "").split(" "))
                        .filter(option -> !option.isBlank())
                        .toList(),
                switch (given.getOrDefault("--follow", "events")) {
                    case "events" -> false;
                    case "post" -> true;
                    default -> throw new IllegalArgumentException("bench e2e: --follow must be events or post");
                });
    }
}
