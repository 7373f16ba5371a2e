package io.chatrelay.bench.e2e;

import io.chatrelay.bench.stack.ManagedProcess;
import io.chatrelay.bench.stack.ProcessStats;
import java.util.ArrayList;
import java.util.List;

/**
 * What each process used over a window: CPU (with the JIT compiler's part), time its threads waited for a core, and
 * at the window's end heap and resident memory. The processes are those of the stack and the load client, which is
 * this JVM, read the same way from {@code /proc}.
 */
final class CpuLedger {

    /** Where a process stands in the report: the relay's costs are summed; the simulator and the client are apart. */
    enum Part {
        RELAY,
        SIMULATOR,
        LOAD_CLIENT
    }

    /**
     * One process over the window, in seconds of CPU, of JIT compiler threads and of waiting for a core; heap and
     * resident memory in bytes at its end (-1 when unknown or not a JVM).
     */
    record Usage(
            String name, Part part, boolean jvm, double cpu, double jit, double waiting, long heap, long resident) {}

    private record Watched(String name, long pid, Part part, boolean jvm) {}

    private record Reading(double cpu, double jit, double waiting) {

        static Reading of(long pid) {
            return new Reading(
                    ProcessStats.cpuSeconds(pid), ProcessStats.jitCpuSeconds(pid), ProcessStats.runQueueSeconds(pid));
        }
    }

    private final List<Watched> watched = new ArrayList<>();
    private final List<Reading> before = new ArrayList<>();

    private CpuLedger(List<ManagedProcess> processes) {
        for (ManagedProcess process : processes) {
            Part part = process.name().equals("simulator") ? Part.SIMULATOR : Part.RELAY;
            watched.add(new Watched(
                    process.name(), process.pid(), part, !process.name().equals("redis")));
        }
        watched.add(new Watched("load client", ProcessHandle.current().pid(), Part.LOAD_CLIENT, true));
        watched.forEach(process -> before.add(Reading.of(process.pid())));
    }

    /** Starts counting now, for the stack's {@code processes} and this JVM. */
    static CpuLedger open(List<ManagedProcess> processes) {
        return new CpuLedger(processes);
    }

    /** Stops counting: what each process used since {@link #open}, then its heap and resident memory. */
    List<Usage> close() {
        List<Reading> after =
                watched.stream().map(process -> Reading.of(process.pid())).toList();
        List<Usage> usages = new ArrayList<>();
        for (int i = 0; i < watched.size(); i++) {
            Watched process = watched.get(i);
            Reading from = before.get(i);
            Reading to = after.get(i);
            usages.add(new Usage(
                    process.name(),
                    process.part(),
                    process.jvm(),
                    to.cpu() - from.cpu(),
                    to.jit() - from.jit(),
                    to.waiting() - from.waiting(),
                    process.jvm() ? ProcessStats.heapUsedBytes(process.pid()) : -1,
                    ProcessStats.residentBytes(process.pid())));
        }
        return usages;
    }
}
