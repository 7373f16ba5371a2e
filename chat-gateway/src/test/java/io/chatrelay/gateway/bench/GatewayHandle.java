package io.chatrelay.gateway.bench;

import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link GatewayProcess} started in a JVM of its own, driven over its stdin and stdout. */
record GatewayHandle(Process process, PrintWriter commands, BlockingQueue<String> answers, int port)
        implements AutoCloseable {

    static GatewayHandle start(TestNames names, int heapMb, String gc) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx" + heapMb + "m",
                gc.equals("g1") ? "-XX:+UseG1GC" : "-XX:+UseZGC",
                "-cp",
                System.getProperty("java.class.path"),
                GatewayProcess.class.getName(),
                "server.port=0",
                "spring.main.banner-mode=off",
                "logging.level.root=WARN",
                "spring.kafka.bootstrap-servers=" + RealServices.kafkaBootstrapServers(),
                "spring.data.redis.url=" + RealServices.redis().uri(),
                "chatrelay.naming.topic-prefix=" + names.topicPrefix(),
                "chatrelay.naming.redis-prefix=" + names.redisPrefix(),
                "chatrelay.gateway.rate-limit.enabled=false"));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().name("gateway-output").start(() -> {
            try (BufferedReader output =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = output.readLine()) != null) {
                    if (line.startsWith(GatewayProcess.PREFIX)) {
                        answers.add(line.substring(GatewayProcess.PREFIX.length()));
                    } else {
                        System.err.println("[gateway] " + line);
                    }
                }
            } catch (IOException e) {
                // The gateway exited.
            }
        });
        String facts = answers.poll(2, TimeUnit.MINUTES);
        String port = answers.poll(1, TimeUnit.SECONDS);
        if (facts == null || port == null || !port.startsWith("port ")) {
            process.destroyForcibly();
            throw new IllegalStateException("The gateway did not start");
        }
        PrintWriter commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        System.out.printf("  gateway JVM: %s%n", facts.substring("facts ".length()));
        return new GatewayHandle(process, commands, answers, Integer.parseInt(port.substring("port ".length())));
    }

    long heapAfterGc() throws InterruptedException {
        commands.println("heap");
        String answer = answers.poll(1, TimeUnit.MINUTES);
        return answer == null ? -1 : Long.parseLong(answer.substring("heap ".length()));
    }

    @Override
    public void close() throws InterruptedException {
        commands.println("exit");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
