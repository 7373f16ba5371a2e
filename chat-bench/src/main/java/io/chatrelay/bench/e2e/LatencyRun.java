package io.chatrelay.bench.e2e;

import io.chatrelay.bench.load.Latencies;
import io.chatrelay.bench.load.LoadClient;
import io.chatrelay.bench.load.TrackedChat;
import io.chatrelay.bench.stack.Machine;
import io.chatrelay.bench.stack.Stack;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulator latency of {@code bench e2e}: the warm-up, the wait for its chats to end, the measured window, the
 * drain, and the report of the window.
 */
final class LatencyRun {

    /** Above this 1-minute load average at the window's start, other work shared the cores: the report says so. */
    private static final double QUIET_LOAD = 1.5;

    private final Stack stack;
    private final E2eOptions options;
    private final PrintStream out;

    LatencyRun(Stack stack, E2eOptions options, PrintStream out) {
        this.stack = stack;
        this.options = options;
        this.out = out;
    }

    /** Runs the simulator's current latency, numbering chats from {@code firstNumber}; returns the next number. */
    int run(int firstNumber) {
        Duration latency = stack.simulator().latency();
        out.printf(
                "%nsimulator latency %d ms, %d deltas per answer: %.0f chats/s, %d s warm-up, %d s measured;"
                        + " each chat followed %s%n",
                latency.toMillis(),
                options.tokens(),
                options.rate(),
                options.warmup(),
                options.seconds(),
                options.streamedPost() ? "on its POST's own stream" : "on a second request to its events");
        // A stream is reopened only after a minute without an event: nothing is broken here, and reconnects of chats
        // that merely wait their turn would add work to the system being measured.
        try (LoadClient client = new LoadClient(
                stack.gatewayUrl(),
                Stack.COMPANY,
                Duration.ofSeconds(60),
                Duration.ofMinutes(15),
                options.streamedPost())) {
            List<TrackedChat> warm = client.post(options.rate(), Duration.ofSeconds(options.warmup()), firstNumber);
            // The window starts once the warm-up's chats have ended: six JVMs that have just started run interpreted
            // code and compile it as they go, and the backlog they build up would otherwise be served inside the
            // window and counted as the latency of the rate under test. A rate the system cannot carry still shows,
            // as a backlog growing within the window.
            long warmPosted = System.nanoTime();
            boolean warmEnded = client.awaitEnds(warm, options.drain());
            out.printf(
                    "  warm-up: %,d posted, %s %.1f s after the last was posted%n",
                    warm.size(),
                    warmEnded ? "all ended" : "not all ended, window opened anyway,",
                    (System.nanoTime() - warmPosted) / 1e9);

            String loadAtStart = Machine.loadAverage();
            double oneMinuteAtStart = Machine.oneMinuteLoad();
            CpuLedger ledger = CpuLedger.open(stack.processes());
            long windowStart = System.nanoTime();
            List<TrackedChat> measured =
                    client.post(options.rate(), Duration.ofSeconds(options.seconds()), firstNumber + warm.size());
            long windowEnd = System.nanoTime();
            String loadAtEnd = Machine.loadAverage();
            List<CpuLedger.Usage> usages = ledger.close();
            double window = (windowEnd - windowStart) / 1e9;

            List<TrackedChat> all = new ArrayList<>(warm);
            all.addAll(measured);
            boolean ended = client.awaitEnds(all, options.drain());
            // Each figure below is taken once: chats the system still finishes while this runs must not join some
            // figures only.
            long completedInWindow = all.stream()
                    .filter(chat -> "completed".equals(chat.terminal()))
                    .filter(chat -> chat.terminalAt() >= windowStart && chat.terminalAt() < windowEnd)
                    .count();
            ChatOutcomes outcomes = ChatOutcomes.of(measured, stack.redis());
            List<TrackedChat> completed = measured.stream()
                    .filter(chat -> "completed".equals(chat.terminal()))
                    .toList();
            Latencies endToEnd = new Latencies(completed.stream()
                    .map(chat -> (chat.terminalAt() - chat.postedAt()) / 1e6)
                    .toList());
            SystemAdded added = SystemAdded.of(
                    completed, SystemAdded.fetchTimings(stack.simulator().url()));
            Latencies addedToConfigured = new Latencies(completed.stream()
                    .map(chat -> (chat.terminalAt() - chat.postedAt()) / 1e6 - latency.toMillis())
                    .toList());
            CostReport costs = new CostReport(usages, window, completedInWindow);
            Targets targets = Targets.at(options.rate());

            out.printf("  window: load average %s at its start, %s at its end%n", loadAtStart, loadAtEnd);
            if (!(oneMinuteAtStart <= QUIET_LOAD)) {
                out.printf(
                        "  note: the machine was not quiet (1-minute load average %s at the window's start, above"
                                + " %.1f); other work shared the cores%n",
                        Double.isNaN(oneMinuteAtStart) ? "unknown" : String.format("%.2f", oneMinuteAtStart),
                        QUIET_LOAD);
            }
            out.printf(
                    "  posted %,d in %.1f s: %,d first turns, %,d continued a conversation%n",
                    outcomes.posted(), window, outcomes.firstTurns(), outcomes.continued());
            out.printf(
                    "  ended within the drain (%d s after the window)%s: completed %s%s, failed %s, dead-lettered %s,"
                            + " cancelled %s, not ended %s, refused (no 202) %s%n",
                    options.drain().toSeconds(),
                    ended ? "" : ", gave up waiting for the rest",
                    outcomes.ofPosted(outcomes.completed()),
                    Targets.atLeast(outcomes.completedShare(), targets.completedShare()),
                    outcomes.ofPosted(outcomes.failed()),
                    outcomes.ofPosted(outcomes.deadLettered()),
                    outcomes.ofPosted(outcomes.cancelled()),
                    outcomes.ofPosted(outcomes.notEnded()),
                    outcomes.ofPosted(outcomes.refused()));
            out.printf(
                    "  accepted/s %.1f, completed/s %.1f (completed events that arrived in the window)%n",
                    measured.stream().filter(TrackedChat::accepted).count() / window, completedInWindow / window);
            out.printf("  end to end p50 / p95 / p99: %s%n", endToEnd.summary(0.5, 0.95, 0.99));
            out.printf(
                    "  system-added (end to end - the simulator's measured time for the response) p50 / p95 / p99:"
                            + " %s%s; %,d chats, %,d without a timing%s%n",
                    added.added().summary(0.5, 0.95, 0.99),
                    targets.added(added.added().at(0.5), added.added().at(0.99)),
                    added.added().count(),
                    added.missing(),
                    added.missingExamples().isEmpty()
                            ? ""
                            : " (e.g. " + String.join(", ", added.missingExamples()) + ")");
            out.printf(
                    "  end to end - the configured %d ms, p50 / p99: %s%n",
                    latency.toMillis(), addedToConfigured.summary(0.5, 0.99));
            out.println("  where the time of the completed chats went, step by step, p50 / p99:");
            Timeline.of(stack.redis(), completed).lines().forEach(line -> out.println("    " + line));
            costs.lines(targets).forEach(line -> out.println("  " + line));
            out.println("  "
                    + targets.summary(
                            costs.relayMillisPerChat(),
                            added.added().at(0.5),
                            added.added().at(0.99),
                            outcomes.completedShare()));
            return firstNumber + all.size();
        }
    }
}
