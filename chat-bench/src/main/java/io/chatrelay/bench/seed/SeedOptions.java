package io.chatrelay.bench.seed;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The options of {@code bin/chatrelay bench seed-shape}.
 *
 * @param clients how many clients run the closed loop ({@code --clients}, 16)
 * @param seconds how long the measured window is ({@code --seconds}, 60)
 * @param warmup how long the same loop runs before it ({@code --warmup}, 150 s): the dev stack's one JVM compiles
 *     the broker's, the gateway's and the workers' hot code in it
 * @param simLatency how long the dev stack's simulator takes per answer ({@code --sim-latency-ms}, 1500)
 */
record SeedOptions(int clients, int seconds, int warmup, Duration simLatency) {

    private static final Set<String> KNOWN = Set.of("--clients", "--seconds", "--warmup", "--sim-latency-ms");

    /** Reads {@code --name value} pairs; an unknown option or one without a value is an error that names it. */
    static SeedOptions parse(String[] args) {
        Map<String, String> given = new TreeMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!KNOWN.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "bench seed-shape: unknown option or missing value '" + args[i] + "' (options: " + KNOWN + ")");
            }
            given.put(args[i], args[i + 1]);
        }
        return new SeedOptions(
                Integer.parseInt(given.getOrDefault("--clients", "16")),
                Integer.parseInt(given.getOrDefault("--seconds", "60")),
                Integer.parseInt(given.getOrDefault("--warmup", "150")),
                Duration.ofMillis(Long.parseLong(given.getOrDefault("--sim-latency-ms", "1500"))));
    }
}
