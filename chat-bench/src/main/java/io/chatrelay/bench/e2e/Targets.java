package io.chatrelay.bench.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * The goals the efficiency work is judged on, at the rates they are set for: at 100 chats a second or more, the
 * relay's CPU per completed chat, the system-added latency and the share of the window's chats completed within the
 * drain; at 10 a second or fewer, the system-added latency. Between the two rates there is no target. A limit that
 * does not apply is NaN.
 *
 * @param rate the rate the targets are for, as printed
 */
record Targets(String rate, double relayCpuMillis, double addedP50, double addedP99, double completedShare) {

    static Targets at(double chatsPerSecond) {
        if (chatsPerSecond >= 100) {
            return new Targets("at 100 chats/s or more", 8, 15, 80, 0.99);
        }
        if (chatsPerSecond <= 10) {
            return new Targets("at 10 chats/s or fewer", Double.NaN, 8, 40, Double.NaN);
        }
        return new Targets("between 10 and 100 chats/s", Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** {@code (target ≤ 8 ms: met)} for a figure that should stay at or below {@code limit}; empty without one. */
    static String atMost(double figure, double limit, String unit) {
        if (Double.isNaN(limit)) {
            return "";
        }
        return String.format(" (target ≤ %s %s: %s)", trim(limit), unit, verdict(figure <= limit));
    }

    /** {@code (targets p50 ≤ 15 ms: met, p99 ≤ 80 ms: NOT met)} for the system-added latency; empty without them. */
    String added(double p50, double p99) {
        if (Double.isNaN(addedP50)) {
            return "";
        }
        return String.format(
                " (targets p50 ≤ %s ms: %s, p99 ≤ %s ms: %s)",
                trim(addedP50), verdict(p50 <= addedP50), trim(addedP99), verdict(p99 <= addedP99));
    }

    /** {@code (target ≥ 99 %: NOT met)} for a share that should reach {@code limit}; empty without one. */
    static String atLeast(double share, double limit) {
        if (Double.isNaN(limit)) {
            return "";
        }
        return String.format(" (target ≥ %s %%: %s)", trim(limit * 100), verdict(share >= limit));
    }

    /** One line naming each target and whether it was met. */
    String summary(double relayCpu, double p50, double p99, double share) {
        List<String> parts = new ArrayList<>();
        if (!Double.isNaN(relayCpuMillis)) {
            parts.add("relay CPU per chat ≤ " + trim(relayCpuMillis) + " ms " + verdict(relayCpu <= relayCpuMillis));
        }
        if (!Double.isNaN(addedP50)) {
            parts.add("system-added p50 ≤ " + trim(addedP50) + " ms " + verdict(p50 <= addedP50));
            parts.add("p99 ≤ " + trim(addedP99) + " ms " + verdict(p99 <= addedP99));
        }
        if (!Double.isNaN(completedShare)) {
            parts.add("≥ " + trim(completedShare * 100) + " % completed " + verdict(share >= completedShare));
        }
        return "targets " + rate + ": " + (parts.isEmpty() ? "none" : String.join("; ", parts));
    }

    /** NaN (no samples) never meets a target. */
    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
