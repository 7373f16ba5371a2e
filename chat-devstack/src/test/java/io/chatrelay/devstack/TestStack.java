package io.chatrelay.devstack;

import java.time.Duration;
import java.util.Map;

/**
 * One dev stack for all tests of this module, started on first use and stopped when the JVM exits: starting one takes
 * longer than most tests. Test classes run one at a time, so a test may count the simulator's calls around its own.
 */
final class TestStack {

    static final Duration SIM_LATENCY = Duration.ofMillis(300);

    private static DevStack stack;

    private TestStack() {}

    static synchronized DevStack shared() {
        if (stack == null) {
            DevStackSettings settings = DevStackSettings.parse(new String[0], Map.of("CHATRELAY_PORT", "0"))
                    .withSimLatency(SIM_LATENCY);
            stack = DevStack.start(settings);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(stack::close));
        }
        return stack;
    }
}
