package io.chatrelay.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.devstack.ComposeFile.Build;
import io.chatrelay.devstack.ComposeFile.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The repository's {@code docker-compose.yml} together with the sources of the apps it builds: which service runs
 * which main class, and which ports each service listens on.
 */
final class ComposeStack {

    private static final Pattern LISTENER = Pattern.compile("([A-Za-z0-9_]+)://([^:,]*):(\\d+)");

    private final Path root;
    private final ComposeFile compose;

    private ComposeStack(Path root) {
        this.root = root;
        this.compose = ComposeFile.read(root.resolve("docker-compose.yml"));
    }

    /** The stack of the checkout the tests run in (in the module's directory, one below the root). */
    static ComposeStack ofThisRepository() {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (!Files.exists(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("no docker-compose.yml in " + root);
        }
        return new ComposeStack(root);
    }

    Path root() {
        return root;
    }

    ComposeFile compose() {
        return compose;
    }

    /**
     * A service built from this repository and started by its {@code MAIN_CLASS}.
     *
     * @param spring whether the main class is a Spring Boot application, which reads its settings from the
     *     environment; the simulator reads its command line only
     */
    record App(Service service, String module, String main, Path mainSource, boolean spring) {

        String name() {
            return service.name();
        }

        String appPackage() {
            return main.substring(0, main.lastIndexOf('.'));
        }

        /** The port it listens on: {@code server.port} for a Spring Boot app, else its {@code --port} option. */
        int port() {
            Optional<String> port = spring
                    ? PropertyCatalog.valueOf(service.environment(), "server.port")
                    : Optional.ofNullable(options(service.command()).get("--port"));
            return Integer.parseInt(
                    port.orElseThrow(() -> new AssertionError(name() + " sets no port; the default is not obvious")));
        }

        /** The options its main method knows: the {@code case "--name"} labels of its argument loop. */
        Set<String> acceptedOptions() {
            Matcher option = Pattern.compile("case \"(--[a-z-]+)\"").matcher(read(mainSource));
            return option.results().map(match -> match.group(1)).collect(Collectors.toSet());
        }
    }

    List<App> apps() {
        return compose.services().stream()
                .filter(service -> service.build().isPresent())
                .map(service -> app(service.name()))
                .toList();
    }

    App app(String name) {
        Service service = compose.service(name);
        Build build =
                service.build().orElseThrow(() -> new AssertionError(name + " is not built from this repository"));
        String module = build.args().get("MODULE");
        String main = build.args().get("MAIN_CLASS");
        assertThat(module).as("%s's MODULE build arg", name).isNotBlank();
        assertThat(main).as("%s's MAIN_CLASS build arg", name).isNotBlank();
        Path source = root.resolve(module).resolve("src/main/java").resolve(main.replace('.', '/') + ".java");
        assertThat(source).as("%s's MAIN_CLASS in %s", name, module).exists();
        return new App(service, module, main, source, read(source).contains("@SpringBootApplication"));
    }

    /** The ports a service listens on, from its settings or, for the images used here, their defaults. */
    Set<Integer> listeningPorts(Service service) {
        if (service.build().isPresent()) {
            return Set.of(app(service.name()).port());
        }
        String image = service.image().orElse("");
        if (image.startsWith("apache/kafka")) {
            return kafkaPorts(service);
        }
        if (image.startsWith("redis")) {
            return Set.of(Integer.parseInt(options(service.command()).getOrDefault("--port", "6379")));
        }
        if (image.startsWith("prom/prometheus")) {
            return Set.of(9090);
        }
        if (image.startsWith("grafana/")) {
            return Set.of(3000);
        }
        return Set.of();
    }

    /** The modules of the Maven build. */
    Set<String> modules() {
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(read(root.resolve("pom.xml")));
        return module.results().map(match -> match.group(1)).collect(Collectors.toSet());
    }

    /** {@code --name value} pairs of a command line. */
    static Map<String, String> options(List<String> command) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).startsWith("--")) {
                options.put(command.get(i), i + 1 < command.size() ? command.get(i + 1) : "");
            }
        }
        return options;
    }

    /** Ports of the listeners that Kafka advertises under its service name, so that clients come back to it. */
    private static Set<Integer> kafkaPorts(Service kafka) {
        Map<String, String> environment = kafka.environment();
        Map<String, Integer> listeners = new LinkedHashMap<>();
        Matcher bound = LISTENER.matcher(environment.getOrDefault("KAFKA_LISTENERS", ""));
        while (bound.find()) {
            listeners.put(bound.group(1), Integer.valueOf(bound.group(3)));
        }
        Set<Integer> ports = new HashSet<>();
        Matcher advertised = LISTENER.matcher(environment.getOrDefault("KAFKA_ADVERTISED_LISTENERS", ""));
        while (advertised.find()) {
            int port = Integer.parseInt(advertised.group(3));
            if (advertised.group(2).equals(kafka.name())
                    && Integer.valueOf(port).equals(listeners.get(advertised.group(1)))) {
                ports.add(port);
            }
        }
        return ports;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
