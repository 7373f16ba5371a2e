package io.chatrelay.sim.bench;

import io.chatrelay.sim.OpenAiSimulator;
import io.chatrelay.sim.SimulatorSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints the simulator's throughput (non-streaming responses per second at zero latency) and how many streams it
 * holds open at once at 1 s latency, with heap use. Client and simulator share this JVM, so the heap figure is an
 * upper bound for the simulator alone. Options: {@code --seconds N} (default 10), {@code --clients N} (64),
 * {@code --streams N} (5000), {@code --rounds N} (3).
 */
public final class SimBenchmark {

    private static final String KEY = "Bearer sk-bench";

    private SimBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = option(args, "--seconds", 10);
        int clients = option(args, "--clients", 64);
        int streams = option(args, "--streams", 5000);
        int rounds = option(args, "--rounds", 3);
        System.out.printf(
                "simulator benchmark: %d cores, max heap %d MB, java %s%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                System.getProperty("java.version"));

        try (OpenAiSimulator simulator = OpenAiSimulator.start(
                SimulatorSettings.defaults().withLatency(Duration.ZERO).withTokensPerReply(16))) {
            HttpClient http = HttpClient.newBuilder()
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .build();
            throughput(http, simulator, clients, 3);
            double[] rates = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                rates[round] = throughput(http, simulator, clients, seconds);
                System.out.printf("  round %d: %.0f responses/s%n", round + 1, rates[round]);
            }
            Arrays.sort(rates);
            System.out.printf(
                    "non-stream responses/s at zero latency (median of %d x %d s, %d clients): %.0f%n",
                    rounds, seconds, clients, rates[rounds / 2]);
        }

        // At 1 s per answer, streams end while later ones are still connecting: the peak shows how fast this
        // machine opens connections. At 15 s, every stream is open at once: that shows what the simulator holds.
        for (Duration latency : List.of(Duration.ofSeconds(1), Duration.ofSeconds(15))) {
            try (OpenAiSimulator simulator = OpenAiSimulator.start(
                    SimulatorSettings.defaults().withLatency(latency).withTokensPerReply(16))) {
                holdStreams(simulator, streams, latency);
            }
        }
    }

    private static double throughput(HttpClient http, OpenAiSimulator simulator, int clients, int seconds)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/responses"))
                .header("Authorization", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-sim\",\"input\":\"benchmark\"}"))
                .build();
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        try {
                            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                            (response.statusCode() == 200 ? completed : failed).incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (failed.get() > 0) {
            System.out.printf("  (%d calls failed)%n", failed.get());
        }
        return completed.get() / elapsed;
    }

    private static void holdStreams(OpenAiSimulator simulator, int streams, Duration latency) throws Exception {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicLong peakHeap = new AtomicLong();
        byte[] body = "{\"model\":\"gpt-sim\",\"input\":\"stream\",\"stream\":true}".getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(simulator.baseUrl() + "/responses");
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < streams; i++) {
                futures.add(pool.submit(() -> {
                    // A raw HTTP/1.1 connection per stream, as an SSE client holds one.
                    var connection = (java.net.HttpURLConnection) uri.toURL().openConnection();
                    connection.setRequestMethod("POST");
                    connection.setDoOutput(true);
                    connection.setRequestProperty("Authorization", KEY);
                    connection.setRequestProperty("Content-Type", "application/json");
                    connection.setConnectTimeout(30_000);
                    connection.setReadTimeout(60_000);
                    connection.getOutputStream().write(body);
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
                        int now = open.incrementAndGet();
                        peak.accumulateAndGet(now, Math::max);
                        if (now == streams) {
                            // Everything is open: measure what stays live, not garbage.
                            System.gc();
                            peakHeap.set(usedHeap());
                        }
                        String line;
                        boolean completed = false;
                        while ((line = reader.readLine()) != null) {
                            if (line.equals("event: response.completed")) {
                                completed = true;
                            }
                        }
                        open.decrementAndGet();
                        if (completed) {
                            finished.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
        }
        int errors = 0;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (Exception e) {
                errors++;
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "concurrent open streams at %d s latency: peak %d of %d (%d completed, %d errors) in %.1f s%s%n",
                latency.toSeconds(),
                peak.get(),
                streams,
                finished.get(),
                errors,
                elapsed,
                peak.get() == streams ? "; live heap with all open " + peakHeap.get() / (1024 * 1024) + " MB" : "");
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
