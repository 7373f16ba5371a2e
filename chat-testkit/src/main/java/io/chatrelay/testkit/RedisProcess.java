package io.chatrelay.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code redis-server} binary started as a child process on a free loopback port, without persistence. */
final class RedisProcess {

    private static final Duration STARTUP = Duration.ofSeconds(20);

    private RedisProcess() {}

    static RedisServerHandle start(Path binary, RedisServerHandle.Source source) {
        int port = FreePorts.next();
        try {
            Process process = new ProcessBuilder(command(binary, port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            awaitPong("127.0.0.1", port);
            return new RedisLocator.Running(source, "127.0.0.1", port, () -> stop(process));
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + binary, e);
        }
    }

    /** A test server on {@code port} of the loopback, without persistence, with {@code more} arguments. */
    static List<String> command(Path binary, int port, String... more) {
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                // No RDB snapshots or AOF: test data never needs to outlive the JVM.
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no"));
        command.addAll(List.of(more));
        return command;
    }

    /** Stops {@code process}: politely, then, after 5 s, by force. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the server answers {@code PING} with {@code +PONG}. */
    static void awaitPong(String host, int port) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (pong(host, port)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("redis-server on " + host + ":" + port + " did not answer PING in " + STARTUP);
    }

    private static boolean pong(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(5);
            return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }
}
