package io.chatrelay.bench.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the harness: started from a command with its output appended to a log file, stopped gently or
 * killed. Every process still running when the harness JVM exits (also on Ctrl-C or a failure) is killed with its
 * descendants, so a run never leaves a broker, a redis-server or an app behind.
 */
public final class ManagedProcess {

    private static final Set<ManagedProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform()
                        .name("kill-children")
                        .unstarted(() -> RUNNING.forEach(ManagedProcess::kill)));
    }

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private volatile Process process;

    ManagedProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** Starts the process; its output goes to the end of the log file, so restarts append. */
    public synchronized void start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
        RUNNING.add(this);
    }

    public boolean alive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** The operating system's id of the running process; -1 when it is not running. */
    public long pid() {
        Process current = process;
        return current == null || !current.isAlive() ? -1 : current.pid();
    }

    /** {@code kill -9}: the process and everything it started die at once, without running any shutdown code. */
    public synchronized void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.descendants().forEach(ProcessHandle::destroyForcibly);
        current.destroyForcibly();
        awaitExit(current, Duration.ofSeconds(30));
        RUNNING.remove(this);
    }

    /** {@code kill -TERM}, then {@code kill -9} if the process has not ended within {@code grace}. */
    public synchronized void stop(Duration grace) {
        Process current = process;
        if (current == null || !current.isAlive()) {
            RUNNING.remove(this);
            return;
        }
        current.destroy();
        if (!awaitExit(current, grace)) {
            kill();
        }
        RUNNING.remove(this);
    }

    private static boolean awaitExit(Process process, Duration bound) {
        try {
            return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return name + (alive() ? " (pid " + pid() + ")" : " (stopped)");
    }
}
