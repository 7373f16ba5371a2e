package io.chatrelay.bench.stack;

import io.chatrelay.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * The one-process dev stack ({@code io.chatrelay.devstack.DevStack}, what {@code bin/chatrelay up} runs) as a child
 * of the harness: broker, simulator, gateway and two workers in one JVM, and the {@code redis-server} that JVM starts
 * as a child of its own. The harness picks its port, admin token and demo key; its output goes to a log file.
 */
public final class DevStackProcess implements AutoCloseable {

    /** The company the dev stack seeds. */
    public static final String COMPANY = "demo";

    /** What the dev stack prints once every part runs and the demo company is seeded. */
    private static final String READY = "Chat Relay is up.";

    private static final Duration STARTUP = Duration.ofMinutes(6);

    private final int port = FreePorts.next();
    private final String demoKey = "bench-demo-" + UUID.randomUUID();
    private final ManagedProcess process;

    private DevStackProcess(Path runDirectory, Duration simulatorLatency) {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                App.DEVSTACK.classpath(),
                "io.chatrelay.devstack.DevStack",
                "--port",
                Integer.toString(port),
                "--sim-latency-ms",
                Long.toString(simulatorLatency.toMillis()));
        // Blank values are unset for the dev stack: it starts its own Redis and calls its own simulator, whatever the
        // environment of the harness says.
        Map<String, String> environment = Map.of(
                "CHATRELAY_PORT",
                Integer.toString(port),
                "CHATRELAY_ADMIN_TOKEN",
                "bench-admin-" + UUID.randomUUID(),
                "CHATRELAY_DEMO_KEY",
                demoKey,
                "REDIS_URL",
                "",
                "OPENAI_API_KEY",
                "",
                "OPENAI_BASE_URL",
                "");
        process = new ManagedProcess("devstack", command, environment, runDirectory.resolve("devstack.log"));
    }

    /** Starts the dev stack and waits until it says it is up; stops it again if it does not come up. */
    public static DevStackProcess start(Path runDirectory, Duration simulatorLatency) throws IOException {
        Files.createDirectories(runDirectory);
        DevStackProcess stack = new DevStackProcess(runDirectory, simulatorLatency);
        try {
            stack.process.start();
            stack.awaitReady();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The demo company's API key. */
    public String demoKey() {
        return demoKey;
    }

    /** The dev stack JVM's process id. */
    public long pid() {
        return process.pid();
    }

    public Path log() {
        return process.log();
    }

    /** {@code SIGTERM}: the dev stack stops its workers, gateway, simulator, broker and Redis in order. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(60));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!ready()) {
            if (!process.alive()) {
                throw new IllegalStateException("The dev stack exited while starting; see " + process.log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Gave up after " + STARTUP.toSeconds()
                        + " s waiting for the dev stack to start; see " + process.log());
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }

    private boolean ready() {
        try {
            return Files.exists(process.log())
                    && Files.readString(process.log(), StandardCharsets.ISO_8859_1)
                            .contains(READY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
