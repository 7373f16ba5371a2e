package io.chatrelay.bench.e2e;

import io.chatrelay.bench.stack.Logs;
import io.chatrelay.bench.stack.Runs;
import io.chatrelay.bench.stack.Stack;
import io.chatrelay.bench.stack.StackSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code bin/chatrelay bench e2e [--seconds N] [--rate N] [--latency-ms N,N] [--tokens N] [--warmup N]
 * [--drain-seconds N]} ({@link E2eOptions}): the whole system, each part in a process of its own (KRaft broker,
 * redis-server, simulator, gateway, two workers), under an open load of {@code rate} chats a second that a client
 * posts and follows over SSE to their end; half of them continue a conversation whose last turn has ended. For each
 * simulator latency: {@code warmup} seconds of the same load first, then, once those chats have ended, {@code seconds}
 * measured ({@link LatencyRun}).
 *
 * <p>Printed per latency, for the measured window: the load average at its start and end; how the window's chats
 * ended (and how many were first turns); accepted and completed per second; end-to-end latency; the system-added
 * latency ({@link SystemAdded}: end to end minus what the simulator measured for the response); where the completed
 * chats' time went step by step ({@link Timeline}); CPU per completed chat of the relay as a whole, the simulator and
 * the load client, and each process's cores, JIT share, time waiting for a core, heap and resident memory
 * ({@link CostReport}); and the targets at the rate ({@link Targets}).
 *
 * <p>{@code bin/chatrelay} says where the gateway's and the worker's classes come from (this checkout, or the one in
 * {@code CHATRELAY_BENCH_APPS}) in {@code chatrelay.bench.apps}.
 */
public final class EndToEndBenchmark {

    private EndToEndBenchmark() {}

    public static void main(String[] args) throws Exception {
        Logs.harness();
        E2eOptions options = Runs.options(args, E2eOptions::parse);
        Path directory = Runs.directory("e2e");
        Runs.printMachine();
        System.out.println("gateway and workers: " + System.getProperty("chatrelay.bench.apps", "this classpath"));
        System.out.println("run directory (logs, broker and Redis data): " + directory);
        int exit = 0;
        StackSettings settings = new StackSettings(
                directory,
                options.workers(),
                options.latencies().getFirst(),
                options.tokens(),
                1024,
                options.brokers(),
                false,
                options.appJvmOptions());
        try (Stack stack = Stack.start(settings)) {
            System.out.println("processes: " + stack.processes());
            int number = 1;
            for (Duration latency : options.latencies()) {
                if (!latency.equals(stack.simulator().latency())) {
                    stack.simulator().restart(latency, Duration.ofSeconds(20), Duration.ofMinutes(6));
                }
                number = new LatencyRun(stack, options, System.out).run(number);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }
}
