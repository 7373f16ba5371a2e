package io.chatrelay.worker.lifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The worker's meters, named once. */
public final class WorkerMetrics {

    private final MeterRegistry registry;
    private final Timer queueTime;
    private final Timer runDuration;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Histograms, so that dashboards can show percentiles summed over every worker instance.
        this.queueTime = Timer.builder("chatrelay.worker.queue.time")
                .description("Time from acceptance to the start of processing")
                .publishPercentileHistogram()
                .register(registry);
        this.runDuration = Timer.builder("chatrelay.worker.run.duration")
                .description("Time a request spent running upstream")
                .publishPercentileHistogram()
                .register(registry);
    }

    void queued(Duration waited) {
        queueTime.record(waited);
    }

    void finished(String outcome, Duration took) {
        runDuration.record(took);
        registry.counter("chatrelay.worker.requests", "outcome", outcome).increment();
    }

    void retried() {
        registry.counter("chatrelay.worker.retries").increment();
    }

    /** An operator's replay taken up: {@code rerun} (ran again) or {@code reannounced} (had completed). */
    void replayed(String outcome) {
        registry.counter("chatrelay.worker.replays", "outcome", outcome).increment();
    }

    void deadLettered(String category) {
        registry.counter("chatrelay.worker.dead.letters", "category", category).increment();
    }
}
