package io.chatrelay.bench.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What a process costs, read from {@code /proc} and, for a JVM, from {@code jcmd}. */
public final class ProcessStats {

    /** Linux counts CPU time in clock ticks of 1/100 s ({@code getconf CLK_TCK}) on every usual kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private ProcessStats() {}

    /** User plus system CPU time the process used so far, in seconds; -1 when unknown. */
    public static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long userTicks = Long.parseLong(fields[11]);
            long systemTicks = Long.parseLong(fields[12]);
            return (userTicks + systemTicks) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time, in seconds, of a process and every process it started that still runs (a JVM and its
     * {@code redis-server}, say); -1 when the process itself is gone.
     */
    public static double treeCpuSeconds(long pid) {
        double own = cpuSeconds(pid);
        if (own < 0) {
            return -1;
        }
        return own
                + ProcessHandle.of(pid).stream()
                        .flatMap(ProcessHandle::descendants)
                        .mapToDouble(child -> Math.max(0, cpuSeconds(child.pid())))
                        .sum();
    }

    /**
     * CPU time, in seconds, that the JIT compiler threads of a JVM used so far. The JVM starts and stops compiler
     * threads as the queue of work grows and shrinks, and a stopped thread's time is gone, so this is a lower bound.
     */
    public static double jitCpuSeconds(long pid) {
        double seconds = 0;
        for (Path task : tasks(pid)) {
            try {
                String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    seconds += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                }
            } catch (IOException | RuntimeException e) {
                // The thread ended while it was being read.
            }
        }
        return seconds;
    }

    /**
     * Time, in seconds, that the threads of a process spent ready to run but waiting for a core so far (the second
     * field of each thread's {@code /proc/PID/task/TID/schedstat}): how much of its latency is a queue for the CPU.
     * Threads that ended take their time with them.
     */
    public static double runQueueSeconds(long pid) {
        long nanos = 0;
        for (Path task : tasks(pid)) {
            try {
                String[] fields = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII)
                        .trim()
                        .split(" ");
                nanos += Long.parseLong(fields[1]);
            } catch (IOException | RuntimeException e) {
                // The thread ended while it was being read, or the kernel keeps no scheduler statistics.
            }
        }
        return nanos / 1e9;
    }

    private static List<Path> tasks(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Resident memory of the process in bytes; -1 when unknown. */
    public static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Heap in use of a JVM, as {@code jcmd PID GC.heap_info} reports it; -1 when unknown. */
    public static long heapUsedBytes(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            Matcher used = HEAP_USED.matcher(output);
            return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
