package io.chatrelay.bench.seed;

import io.chatrelay.bench.load.Latencies;
import io.chatrelay.bench.stack.DevStackProcess;
import io.chatrelay.bench.stack.Logs;
import io.chatrelay.bench.stack.Machine;
import io.chatrelay.bench.stack.ProcessStats;
import io.chatrelay.bench.stack.Runs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code bin/chatrelay bench seed-shape [--clients N] [--seconds N] [--warmup N] [--sim-latency-ms N]}
 * ({@link SeedOptions}): the one-process dev stack ({@code bin/chatrelay up}) as a child process, under a closed loop
 * of clients on {@code POST /api/chat}, the original system's endpoint ({@link SeedClients}). Anyone can compare that
 * handler with another on the same simulator.
 *
 * <p>The stack's idle CPU is measured for 10 s after it starts and again after the warm-up, with no chat in flight;
 * the second is taken off the window's CPU. Printed for the measured window: chats answered per second, latency
 * p50 / p95 / p99, CPU per chat of the dev stack JVM and its child processes (the {@code redis-server} it starts),
 * with and without the idle cost, and the load average at the window's start and end.
 */
public final class SeedShapeBenchmark {

    private static final Duration IDLE = Duration.ofSeconds(10);

    /** Above this 1-minute load average at the window's start, other work shared the cores: the report says so. */
    private static final double QUIET_LOAD = 1.5;

    private SeedShapeBenchmark() {}

    public static void main(String[] args) throws Exception {
        Logs.harness();
        SeedOptions options = Runs.options(args, SeedOptions::parse);
        Path directory = Runs.directory("seed-shape");
        Runs.printMachine();
        System.out.println("dev stack: " + System.getProperty("chatrelay.bench.apps", "this classpath"));
        System.out.println("run directory (the dev stack's log): " + directory);
        int exit = 0;
        try (DevStackProcess stack = DevStackProcess.start(directory, options.simLatency())) {
            run(stack, options);
        } catch (RuntimeException e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private static void run(DevStackProcess stack, SeedOptions options) throws InterruptedException {
        long pid = stack.pid();
        System.out.printf(
                "%n%d clients in a closed loop on POST /api/chat, simulator latency %d ms (the dev stack's 60 deltas"
                        + " per answer), %d s warm-up, %d s measured%n",
                options.clients(), options.simLatency().toMillis(), options.warmup(), options.seconds());
        System.out.println("  CPU counted: the dev stack JVM (pid " + pid + ") and its child processes "
                + ProcessHandle.of(pid).stream()
                        .flatMap(ProcessHandle::descendants)
                        .map(child -> name(child.pid()) + " (pid " + child.pid() + ")")
                        .toList());
        System.out.printf("  idle after the start: %.3f cores over %d s%n", idleCores(pid), IDLE.toSeconds());

        try (SeedClients warm = new SeedClients(stack.gatewayUrl(), DevStackProcess.COMPANY, stack.demoKey())) {
            warm.start(options.clients());
            Thread.sleep(Duration.ofSeconds(options.warmup()));
            warm.stop();
            System.out.printf("  warm-up: %s%n", statuses(warm.chats()));
        }
        // What the answers left behind (a GC, the history's writes) is not the idle cost.
        Thread.sleep(Duration.ofSeconds(2));
        double idle = idleCores(pid);
        System.out.printf("  idle after the warm-up: %.3f cores over %d s (taken off below)%n", idle, IDLE.toSeconds());

        try (SeedClients clients = new SeedClients(stack.gatewayUrl(), DevStackProcess.COMPANY, stack.demoKey())) {
            String loadAtStart = Machine.loadAverage();
            double oneMinuteAtStart = Machine.oneMinuteLoad();
            double cpuBefore = ProcessStats.treeCpuSeconds(pid);
            long windowStart = System.nanoTime();
            clients.start(options.clients());
            Thread.sleep(Duration.ofSeconds(options.seconds()));
            long windowEnd = System.nanoTime();
            double cpu = ProcessStats.treeCpuSeconds(pid) - cpuBefore;
            String loadAtEnd = Machine.loadAverage();
            clients.stop();
            double window = (windowEnd - windowStart) / 1e9;

            List<SeedChat> inWindow = clients.chats().stream()
                    .filter(chat -> chat.answeredAt() >= windowStart && chat.answeredAt() < windowEnd)
                    .toList();
            List<SeedChat> answered =
                    inWindow.stream().filter(SeedChat::answered).toList();
            long continued = answered.stream().filter(SeedChat::continued).count();
            Latencies latencies =
                    new Latencies(answered.stream().map(SeedChat::millis).toList());
            double perChat = answered.isEmpty() ? Double.NaN : cpu * 1000 / answered.size();
            double perChatLessIdle = answered.isEmpty() ? Double.NaN : (cpu - idle * window) * 1000 / answered.size();

            System.out.printf("  window: load average %s at its start, %s at its end%n", loadAtStart, loadAtEnd);
            if (!(oneMinuteAtStart <= QUIET_LOAD)) {
                System.out.printf(
                        "  note: the machine was not quiet (1-minute load average %.2f at the window's start, above"
                                + " %.1f); other work shared the cores%n",
                        oneMinuteAtStart, QUIET_LOAD);
            }
            System.out.printf(
                    "  answered in the window: %,d in %.1f s = %.2f chats/s (%,d first turns, %,d continued a"
                            + " thread); all that ended in it, by status: %s%n",
                    answered.size(),
                    window,
                    answered.size() / window,
                    answered.size() - continued,
                    continued,
                    statuses(inWindow));
            System.out.printf("  latency p50 / p95 / p99: %s%n", latencies.summary(0.5, 0.95, 0.99));
            System.out.printf(
                    "  CPU per chat, dev stack with its children: %.2f ms with the idle cost taken off (%.2f cores"
                            + " over the window, %.3f of them idle cost); %.2f ms with it%n",
                    perChatLessIdle, cpu / window, idle, perChat);
        }
    }

    /** Cores the dev stack and its children use with nothing to do, over {@link #IDLE}. */
    private static double idleCores(long pid) throws InterruptedException {
        double before = ProcessStats.treeCpuSeconds(pid);
        long start = System.nanoTime();
        Thread.sleep(IDLE);
        return (ProcessStats.treeCpuSeconds(pid) - before) / ((System.nanoTime() - start) / 1e9);
    }

    /** The process's name as the kernel has it ({@code redis-server}, where the binary may be a link to another). */
    private static String name(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm"))
                    .trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** {@code {200=1234, 500=2}}: how many chats got each status (-1: no answer). */
    private static Map<Integer, Long> statuses(List<SeedChat> chats) {
        return chats.stream().collect(Collectors.groupingBy(SeedChat::status, TreeMap::new, Collectors.counting()));
    }
}
