package io.chatrelay.bench.e2e;

import io.chatrelay.bench.load.Latencies;
import io.chatrelay.bench.load.LoadClient;
import io.chatrelay.bench.load.TrackedChat;
import io.chatrelay.bench.stack.Logs;
import io.chatrelay.bench.stack.Machine;
import io.chatrelay.bench.stack.ManagedProcess;
import io.chatrelay.bench.stack.ProcessStats;
import io.chatrelay.bench.stack.Stack;
import io.chatrelay.bench.stack.StackSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code bin/chatrelay bench e2e [--seconds N] [--rate N] [--latency-ms N,N] [--warmup N] [--drain-seconds N]}: the
 * whole system, each
 * part in a process of its own (KRaft broker, redis-server, simulator, gateway, two workers), under an open load of
 * {@code rate} chats a second that a client posts and follows over SSE to their end. For each simulator latency:
 * {@code warmup} seconds of the same load first, then, once those chats have ended, {@code seconds} measured.
 *
 * <p>Printed per latency: accepted and completed per second during the measured window, end-to-end latency (post to
 * the terminal SSE event) of the chats posted in it, the system-added latency (end to end minus the simulator's
 * latency), where the completed chats' time went step by step ({@link Timeline}), and each process's CPU (cores,
 * averaged over the window, with its JIT compiler's share), time its threads waited for a core, heap in use and
 * resident memory.
 */
public final class EndToEndBenchmark {

    private EndToEndBenchmark() {}

    public static void main(String[] args) throws Exception {
        Logs.harness();
        int seconds = Integer.parseInt(option(args, "--seconds", "60"));
        double rate = Double.parseDouble(option(args, "--rate", "200"));
        int warmup = Integer.parseInt(option(args, "--warmup", "20"));
        Duration drain = Duration.ofSeconds(Long.parseLong(option(args, "--drain-seconds", "300")));
        List<Duration> latencies = Arrays.stream(
                        option(args, "--latency-ms", "500,2000").split(","))
                .map(ms -> Duration.ofMillis(Long.parseLong(ms.trim())))
                .toList();
        Path directory = Path.of(System.getProperty("chatrelay.bench.runs", System.getProperty("java.io.tmpdir")))
                .resolve("chatrelay-runs")
                .resolve("e2e-" + System.currentTimeMillis());
        System.out.println("machine: " + Machine.facts() + "; load average " + Machine.loadAverage());
        System.out.println("run directory (logs, broker and Redis data): " + directory);
        int exit = 0;
        try (Stack stack = Stack.start(new StackSettings(directory, 2, latencies.getFirst(), 1024))) {
            System.out.println("processes: " + stack.processes());
            int number = 1;
            for (Duration latency : latencies) {
                if (!latency.equals(stack.simulatorLatency())) {
                    stack.restartSimulator(latency);
                }
                number = measure(stack, latency, rate, warmup, seconds, drain, number);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private static int measure(
            Stack stack, Duration latency, double rate, int warmup, int seconds, Duration drain, int firstNumber) {
        System.out.printf(
                "%nsimulator latency %d ms: %.0f chats/s, %d s warm-up, %d s measured; load average %s%n",
                latency.toMillis(), rate, warmup, seconds, Machine.loadAverage());
        Duration followFor = Duration.ofMinutes(15);
        // A stream is reopened only after a minute without an event: nothing is broken here, and reconnects of chats
        // that
        // merely wait their turn would add work to the system being measured.
        try (LoadClient client = new LoadClient(stack.gatewayUrl(), Stack.COMPANY, Duration.ofSeconds(60), followFor)) {
            List<TrackedChat> warm = client.post(rate, Duration.ofSeconds(warmup), firstNumber);
            // The window starts once the warm-up's chats have ended: six JVMs that have just started run interpreted
            // code and compile it as they go, and the backlog they build up would otherwise be served inside the
            // window and counted as the latency of the rate under test. A rate the system cannot carry still shows,
            // as a backlog growing within the window.
            long warmPosted = System.nanoTime();
            boolean warmEnded = client.awaitEnds(warm, drain);
            System.out.printf(
                    "  warm-up: %d posted, %s %.1f s after the last was posted%n",
                    warm.size(),
                    warmEnded ? "all ended" : "not all ended, window opened anyway,",
                    (System.nanoTime() - warmPosted) / 1e9);
            Map<ManagedProcess, Double> cpuBefore = perProcess(stack, ProcessStats::cpuSeconds);
            Map<ManagedProcess, Double> jitBefore = perProcess(stack, ProcessStats::jitCpuSeconds);
            Map<ManagedProcess, Double> waitBefore = perProcess(stack, ProcessStats::runQueueSeconds);
            long windowStart = System.nanoTime();
            List<TrackedChat> measured = client.post(rate, Duration.ofSeconds(seconds), firstNumber + warm.size());
            long windowEnd = System.nanoTime();
            Map<ManagedProcess, Double> cpuAfter = perProcess(stack, ProcessStats::cpuSeconds);
            Map<ManagedProcess, Double> jitAfter = perProcess(stack, ProcessStats::jitCpuSeconds);
            Map<ManagedProcess, Double> waitAfter = perProcess(stack, ProcessStats::runQueueSeconds);
            double window = (windowEnd - windowStart) / 1e9;
            String loadAtEnd = Machine.loadAverage();
            List<String> memory = new ArrayList<>();
            for (ManagedProcess process : stack.processes()) {
                long pid = process.pid();
                boolean jvm = !process.name().equals("redis");
                memory.add(String.format(
                        "%-10s CPU %.2f cores (JIT compiler %s), waiting for a core %.2f, heap %s, RSS %d MB",
                        process.name(),
                        (cpuAfter.get(process) - cpuBefore.get(process)) / window,
                        jvm ? String.format("%.2f", (jitAfter.get(process) - jitBefore.get(process)) / window) : "-",
                        (waitAfter.get(process) - waitBefore.get(process)) / window,
                        jvm ? (ProcessStats.heapUsedBytes(pid) / (1024 * 1024)) + " MB" : "-",
                        ProcessStats.residentBytes(pid) / (1024 * 1024)));
            }
            List<TrackedChat> all = new ArrayList<>(warm);
            all.addAll(measured);
            boolean ended = client.awaitEnds(all, drain);

            long accepted = measured.stream().filter(TrackedChat::accepted).count();
            long completedInWindow = all.stream()
                    .filter(chat -> "completed".equals(chat.terminal()))
                    .filter(chat -> chat.terminalAt() >= windowStart && chat.terminalAt() < windowEnd)
                    .count();
            // Taken once: chats that the system still finishes while this is printed must not join some figures only.
            List<TrackedChat> completed = measured.stream()
                    .filter(chat -> "completed".equals(chat.terminal()))
                    .toList();
            List<Double> endToEnd = completed.stream()
                    .map(chat -> (chat.terminalAt() - chat.postedAt()) / 1e6)
                    .toList();
            Latencies e2e = new Latencies(endToEnd);
            Latencies added = new Latencies(
                    endToEnd.stream().map(ms -> ms - latency.toMillis()).toList());
            Map<String, Long> ends = new LinkedHashMap<>();
            measured.forEach(chat -> ends.merge(
                    chat.accepted() ? String.valueOf(chat.terminal()) : "refused " + chat.status(), 1L, Long::sum));

            System.out.printf(
                    "  posted %d in %.1f s, outcomes %s%s%n",
                    measured.size(),
                    window,
                    ends,
                    ended ? "" : " (gave up waiting for the rest after " + drain.toSeconds() + " s)");
            System.out.printf("  accepted/s %.1f, completed/s %.1f%n", accepted / window, completedInWindow / window);
            System.out.printf("  end to end p50 / p95 / p99: %s%n", e2e.summary(0.5, 0.95, 1.0 - 0.01));
            System.out.printf(
                    "  system-added (end to end - %d ms) p50 / p99: %s (target 30 / 150 ms)%n",
                    latency.toMillis(), added.summary(0.5, 0.99));
            System.out.println("  where the time of the completed chats went, step by step, p50 / p99:");
            Timeline.of(stack.redisUri(), completed).lines().forEach(line -> System.out.println("    " + line));
            System.out.printf("  per process over the window (load average at its end %s):%n", loadAtEnd);
            memory.forEach(line -> System.out.println("    " + line));
            return firstNumber + all.size();
        }
    }

    /** A per-process count of seconds ({@link ProcessStats}), for each process of the stack. */
    private static Map<ManagedProcess, Double> perProcess(Stack stack, ToDoubleFunction<Long> seconds) {
        Map<ManagedProcess, Double> byProcess = new LinkedHashMap<>();
        stack.processes().forEach(process -> byProcess.put(process, seconds.applyAsDouble(process.pid())));
        return byProcess;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
