package io.chatrelay.bench.load;

import java.util.Arrays;
import java.util.List;

/** Latencies in milliseconds, read as percentiles. */
public final class Latencies {

    private final double[] sorted;

    public Latencies(List<Double> millis) {
        this.sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    public int count() {
        return sorted.length;
    }

    /** The {@code q} quantile (0 to 1); NaN without samples. */
    public double at(double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    /** {@code p50 / p95 / p99} in whole milliseconds. */
    public String summary(double... quantiles) {
        return String.join(
                " / ",
                Arrays.stream(quantiles)
                        .mapToObj(q -> String.format("%,.0f ms", at(q)))
                        .toList());
    }
}
