package io.chatrelay.bench.stack;

import java.nio.file.Path;
import java.util.function.Function;

/** How a harness starts: its command line read, and the directory its run keeps logs and data in. */
public final class Runs {

    private Runs() {}

    /** Where every run's directory is made ({@code chatrelay.bench.runs}, set by {@code bin/chatrelay}). */
    public static Path root() {
        return Path.of(System.getProperty("chatrelay.bench.runs", System.getProperty("java.io.tmpdir")))
                .resolve("chatrelay-runs");
    }

    /** A new run directory's path, named by the kind of run and its start. */
    public static Path directory(String kind) {
        return root().resolve(kind + "-" + System.currentTimeMillis());
    }

    /**
     * Reads the command line with {@code parser}; a line it refuses ({@link IllegalArgumentException}) is printed and
     * ends the JVM with status 2.
     */
    public static <T> T options(String[] args, Function<String[], T> parser) {
        try {
            return parser.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    /** The first line of every report: the machine, and its load average now. */
    public static void printMachine() {
        System.out.println("machine: " + Machine.facts() + "; load average " + Machine.loadAverage());
    }
}
