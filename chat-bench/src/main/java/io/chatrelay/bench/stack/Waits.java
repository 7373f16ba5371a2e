package io.chatrelay.bench.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a process to become ready, with a bound. */
public final class Waits {

    private static final Duration POLL = Duration.ofMillis(200);

    private Waits() {}

    /** Polls {@code ready} until it holds; fails after {@code bound}, naming what it waited for. */
    public static void until(String what, Duration bound, BooleanSupplier ready) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!quietly(ready)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Gave up after " + bound.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(POLL.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("Interrupted while waiting for " + what);
            }
        }
    }

    /**
     * Waits until a Spring Boot app answers HTTP at all. It opens its port once the context is refreshed (topics
     * created, listeners started); health may still say DOWN then, for instance while the upstream is slow, which is
     * for the app to sort out, not a reason to call the start failed.
     */
    static void serving(String name, String url, Duration bound) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        until(name + " at " + url + "/actuator/health", bound, () -> {
            try {
                return client.send(health, HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        > 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private static boolean quietly(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
