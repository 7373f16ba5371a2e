package io.chatrelay.bench.drill;

import io.chatrelay.bench.stack.Brokers;
import io.chatrelay.bench.stack.Logs;
import io.chatrelay.bench.stack.Runs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/chatrelay drill NAME|all [--rate N] [--seconds N] [--settle-seconds N]}: runs drills one after another,
 * each on fresh processes, and prints a PASS or FAIL line for each; exits 1 when any failed.
 */
public final class DrillMain {

    private DrillMain() {}

    public static void main(String[] args) throws Exception {
        Logs.harness();
        if (args.length == 0) {
            System.err.println(
                    "usage: drill NAME|all [--rate N] [--seconds N] [--settle-seconds N] [--brokers 1|3]; drills: "
                            + Arrays.stream(Drill.values()).map(Drill::id).toList());
            System.exit(2);
        }
        List<Drill> drills = new ArrayList<>();
        if (args[0].equals("all")) {
            drills.addAll(List.of(Drill.values()));
        } else {
            drills.add(Drill.byId(args[0])
                    .orElseThrow(() -> new IllegalArgumentException("Unknown drill '" + args[0] + "'; drills: "
                            + Arrays.stream(Drill.values()).map(Drill::id).toList())));
        }
        String rate = option(args, "--rate", null);
        Duration load = Duration.ofSeconds(Long.parseLong(option(args, "--seconds", "60")));
        Duration settling = Duration.ofSeconds(Long.parseLong(option(args, "--settle-seconds", "300")));
        int brokers = Brokers.count(option(args, "--brokers", "1"));
        Path runs = Runs.root();
        Runs.printMachine();
        List<String> results = new ArrayList<>();
        for (Drill drill : drills) {
            Verdict verdict = new DrillRun(
                            drill,
                            rate == null ? drill.rate() : Double.parseDouble(rate),
                            load,
                            settling,
                            runs,
                            brokers)
                    .run(System.out);
            results.add("drill " + drill.id() + ": " + (verdict.passed() ? "PASS" : "FAIL"));
        }
        System.out.println();
        results.forEach(System.out::println);
        System.exit(results.stream().allMatch(line -> line.endsWith("PASS")) ? 0 : 1);
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
