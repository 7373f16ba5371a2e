package io.chatrelay.bench.drill;

import io.chatrelay.bench.load.Latencies;
import io.chatrelay.bench.load.LoadClient;
import io.chatrelay.bench.load.TrackedChat;
import io.chatrelay.bench.stack.Machine;
import io.chatrelay.bench.stack.Stack;
import io.chatrelay.bench.stack.StackSettings;
import io.chatrelay.sim.SimulatorSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one drill: a fresh set of processes, steady load for {@code load}, the drill's steps on their timeline, then
 * the wait for every accepted request to end, and the checks.
 *
 * @param drill which drill
 * @param rate chats posted per second
 * @param load how long chats are posted
 * @param settling how long accepted requests may take to end once the load is over
 * @param runs where the run directory is made
 * @param brokers how many Kafka brokers, at least as many as the drill needs
 */
public record DrillRun(Drill drill, double rate, Duration load, Duration settling, Path runs, int brokers) {

    /** How long the SSE client waits for an event before it reconnects with Last-Event-ID. */
    private static final Duration STALE_AFTER = Duration.ofSeconds(15);

    public Verdict run(PrintStream out) throws IOException, InterruptedException {
        Path directory = runs.resolve(drill.id() + "-" + System.currentTimeMillis());
        String prefix = "drill " + drill.id() + ": ";
        out.println(prefix + drill.description() + "; " + rate + " chats/s for " + load.toSeconds() + " s; logs in "
                + directory);
        try (Stack stack = Stack.start(new StackSettings(
                        directory,
                        2,
                        Duration.ofSeconds(1),
                        SimulatorSettings.defaults().tokensPerReply(),
                        512,
                        Math.max(brokers, drill.brokers()),
                        drill.redisCluster(),
                        List.of()));
                LoadClient client = new LoadClient(
                        stack.gatewayUrl(),
                        Stack.COMPANY,
                        STALE_AFTER,
                        settling.plus(load).plus(load))) {
            out.println(prefix + "all processes up (" + stack.processes() + "), load average " + Machine.loadAverage());
            ScheduledExecutorService timeline = Executors.newSingleThreadScheduledExecutor();
            List<ScheduledFuture<?>> steps = new ArrayList<>();
            long start = System.nanoTime();
            List<Step> planned = drill.steps(load);
            long faultAt = start + planned.getFirst().at().toNanos();
            for (Step step : planned) {
                steps.add(timeline.schedule(
                        () -> {
                            out.printf("%s%5.1f s  %s%n", prefix, (System.nanoTime() - start) / 1e9, step.what());
                            step.action().on(stack);
                            out.printf("%s%5.1f s  done: %s%n", prefix, (System.nanoTime() - start) / 1e9, step.what());
                            return null;
                        },
                        step.at().toMillis(),
                        TimeUnit.MILLISECONDS));
            }
            List<TrackedChat> chats = client.post(rate, load, 1);
            out.printf(
                    "%s%5.1f s  load over; waiting for every accepted request to end%n",
                    prefix, (System.nanoTime() - start) / 1e9);
            List<String> stepFailures = new ArrayList<>();
            for (ScheduledFuture<?> step : steps) {
                try {
                    step.get(5, TimeUnit.MINUTES);
                } catch (ExecutionException | TimeoutException e) {
                    stepFailures.add("a step of the drill failed: " + (e.getCause() == null ? e : e.getCause()));
                }
            }
            timeline.shutdownNow();
            boolean allSeen = client.awaitEnds(chats, settling);
            out.printf(
                    "%s%5.1f s  %s; load average %s%n",
                    prefix,
                    (System.nanoTime() - start) / 1e9,
                    allSeen ? "every accepted request ended" : "gave up waiting after " + settling.toSeconds() + " s",
                    Machine.loadAverage());
            Optional<Step.Action> check = drill.afterSettling();
            if (check.isPresent()) {
                try {
                    check.get().on(stack);
                    out.printf(
                            "%s%5.1f s  done: the check after settling%n", prefix, (System.nanoTime() - start) / 1e9);
                } catch (Exception e) {
                    stepFailures.add("the check after settling failed: " + e);
                }
            }
            Verdict verdict = Verdict.of(drill, chats, Audit.of(stack, chats), stack.deadLetterCount(), faultAt);
            List<String> failures = new ArrayList<>(stepFailures);
            failures.addAll(verdict.failures());
            Latencies latencies = new Latencies(chats.stream()
                    .filter(chat -> "completed".equals(chat.terminal()))
                    .map(chat -> (chat.terminalAt() - chat.postedAt()) / 1e6)
                    .toList());
            verdict.lines().forEach(line -> out.println(prefix + line));
            out.println(prefix + "end-to-end latency of completed chats p50 / p99 / max: "
                    + latencies.summary(0.5, 0.99, 1.0));
            Verdict result = new Verdict(verdict.lines(), failures);
            out.println(prefix + (result.passed() ? "PASS" : "FAIL — " + String.join(" | ", failures)));
            return result;
        }
    }
}
