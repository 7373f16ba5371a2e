package io.chatrelay.bench.stack;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Java programs of a run and the classpath each runs with.
 *
 * <p>{@code bin/chatrelay} passes each module's own runtime classpath in a system property
 * ({@code chatrelay.bench.classpath.gateway} and so on). Without one (inside a test) the harness's own classpath is
 * used, less the other application's module, so that each app starts with its own classes and resources only, as it
 * does from its own classpath.
 */
public enum App {
    BROKER("broker", List.of("chat-gateway", "chat-worker")),
    SIMULATOR("simulator", List.of("chat-gateway", "chat-worker")),
    GATEWAY("gateway", List.of("chat-worker")),
    WORKER("worker", List.of("chat-gateway")),
    /** The one-process dev stack; only {@code bin/chatrelay} passes its classpath (chat-bench does not depend on it). */
    DEVSTACK("devstack", List.of());

    private final String key;
    private final List<String> excludedModules;

    App(String key, List<String> excludedModules) {
        this.key = key;
        this.excludedModules = excludedModules;
    }

    String classpath() {
        String given = System.getProperty("chatrelay.bench.classpath." + key);
        if (given != null && !given.isBlank()) {
            return given;
        }
        // Under Surefire, java.class.path is a jar whose manifest lists the real classpath; Surefire also sets this.
        String own = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(own.split(File.pathSeparator))
                .filter(entry -> excludedModules.stream().noneMatch(module -> belongsTo(entry, module)))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** A module's classes directory ({@code chat-worker/target/classes}) or its jar ({@code chat-worker-0.1.jar}). */
    private static boolean belongsTo(String entry, String module) {
        for (Path part : Path.of(entry)) {
            String name = part.toString();
            if (name.equals(module) || (name.startsWith(module + "-") && name.endsWith(".jar"))) {
                return true;
            }
        }
        return false;
    }
}
