package io.chatrelay.gateway.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** Latency samples in nanoseconds, recorded from many threads into a fixed array, read as percentiles. */
final class Samples {

    private final long[] nanos;
    private final AtomicInteger count = new AtomicInteger();
    private long[] sorted;

    Samples(int capacity) {
        this.nanos = new long[capacity];
    }

    /** Keeps the sample while there is room; later ones are counted but not kept. */
    void add(long sampleNanos) {
        int index = count.getAndIncrement();
        if (index < nanos.length) {
            nanos[index] = sampleNanos;
        }
    }

    int count() {
        return count.get();
    }

    /** The {@code q} quantile (0 to 1) in milliseconds; -1 without samples. Call once recording has stopped. */
    double millis(double q) {
        if (sorted == null) {
            sorted = Arrays.copyOf(nanos, Math.min(count.get(), nanos.length));
            Arrays.sort(sorted);
        }
        if (sorted.length == 0) {
            return -1;
        }
        int index = Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length));
        return sorted[index] / 1e6;
    }

    static double median(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }
}
