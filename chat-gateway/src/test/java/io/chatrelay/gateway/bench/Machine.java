package io.chatrelay.gateway.bench;

import java.lang.management.ManagementFactory;

/** What the numbers were measured on, and the heap figures of this JVM. */
final class Machine {

    private Machine() {}

    /** Cores, max heap, garbage collector and Java version of this JVM, as one line. */
    static String facts() {
        return String.format(
                "%d cores, max heap %d MB, %s, java %s (%s)",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                collector(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"));
    }

    /** The garbage collector's name, for example {@code G1} or {@code ZGC}. */
    static String collector() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(bean -> bean.getName().split(" ")[0])
                .findFirst()
                .orElse("unknown collector");
    }

    /** Heap in use right after a full collection: what stays live. */
    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static int option(String[] args, String name, int fallback) {
        return Integer.parseInt(option(args, name, Integer.toString(fallback)));
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
