package io.chatrelay.bench.e2e;

import io.chatrelay.bench.e2e.CpuLedger.Part;
import io.chatrelay.bench.e2e.CpuLedger.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * What the window's chats cost, as lines: CPU per completed chat of the relay as a whole (broker, Redis, gateway and
 * workers), of the simulator and of the load client apart, then each process with its cores, JIT share, time waiting
 * for a core, heap and resident memory. CPU per chat is the window's CPU over the chats completed in the window.
 *
 * @param usages what each process used over the window
 * @param window the window's length in seconds
 * @param completed chats whose {@code completed} event arrived in the window
 */
record CostReport(List<Usage> usages, double window, long completed) {

    /** The relay's CPU per completed chat in milliseconds; NaN when none completed. */
    double relayMillisPerChat() {
        return perChat(cpu(Part.RELAY));
    }

    List<String> lines(Targets targets) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                "CPU per completed chat (the window's CPU over the %,d chats completed in it):", completed));
        lines.add(String.format(
                "  relay (broker + redis + gateway + workers) %6.2f ms (%.2f cores)%s",
                relayMillisPerChat(),
                cpu(Part.RELAY) / window,
                Targets.atMost(relayMillisPerChat(), targets.relayCpuMillis(), "ms")));
        lines.add(String.format(
                "  simulator, apart                           %6.2f ms (%.2f cores)",
                perChat(cpu(Part.SIMULATOR)), cpu(Part.SIMULATOR) / window));
        lines.add(String.format(
                "  load client (this JVM), apart              %6.2f ms (%.2f cores)",
                perChat(cpu(Part.LOAD_CLIENT)), cpu(Part.LOAD_CLIENT) / window));
        lines.add("per process over the window:");
        for (Usage usage : usages) {
            lines.add(String.format(
                    "  %-11s CPU %.2f cores, %6.2f ms per chat (JIT compiler %s), waiting for a core %.2f,"
                            + " heap %s, RSS %s",
                    usage.name(),
                    usage.cpu() / window,
                    perChat(usage.cpu()),
                    usage.jvm() ? String.format("%.2f", usage.jit() / window) : "-",
                    usage.waiting() / window,
                    usage.jvm() ? megabytes(usage.heap()) : "-",
                    megabytes(usage.resident())));
        }
        return lines;
    }

    private double cpu(Part part) {
        return usages.stream()
                .filter(usage -> usage.part() == part)
                .mapToDouble(Usage::cpu)
                .sum();
    }

    private double perChat(double cpuSeconds) {
        return completed == 0 ? Double.NaN : cpuSeconds * 1000 / completed;
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "unknown" : (bytes / (1024 * 1024)) + " MB";
    }
}
