package io.chatrelay.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * A docker-compose file as {@code docker compose up} sees it with nothing set in the environment: every
 * {@code ${VAR:-default}} takes its default. Gives the parts of each service that the wiring tests check.
 */
final class ComposeFile {

    private final Map<String, Object> root;
    private final List<String> variablesWithoutDefault = new ArrayList<>();

    private ComposeFile(Map<String, Object> raw) {
        this.root = asMap(interpolate(raw));
    }

    static ComposeFile read(Path file) {
        try {
            return new ComposeFile(asMap(new Yaml().load(Files.readString(file))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Set<String> serviceNames() {
        return asMap(root.get("services")).keySet();
    }

    Service service(String name) {
        Object service = asMap(root.get("services")).get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + " in the compose file");
        }
        return new Service(name, asMap(service));
    }

    List<Service> services() {
        return serviceNames().stream().map(this::service).toList();
    }

    /** {@code ${VAR}} and {@code $VAR} references that have no default: empty unless the environment sets them. */
    List<String> variablesWithoutDefault() {
        return List.copyOf(variablesWithoutDefault);
    }

    /** One service's settings, values interpolated. */
    record Service(String name, Map<String, Object> definition) {

        /** {@code environment}, in map or list form, as strings. */
        Map<String, String> environment() {
            Object environment = definition.get("environment");
            Map<String, String> variables = new LinkedHashMap<>();
            if (environment instanceof Map<?, ?> map) {
                map.forEach((key, value) -> variables.put(key.toString(), value == null ? "" : value.toString()));
            } else if (environment instanceof List<?> list) {
                for (Object entry : list) {
                    String[] pair = entry.toString().split("=", 2);
                    variables.put(pair[0], pair.length > 1 ? pair[1] : "");
                }
            }
            return variables;
        }

        List<String> command() {
            return strings(definition.get("command"));
        }

        Optional<String> image() {
            return Optional.ofNullable(definition.get("image")).map(Object::toString);
        }

        /** The {@code ports} entries as written. */
        List<String> ports() {
            return strings(definition.get("ports"));
        }

        /** The container side of each {@code ports} entry. */
        List<Integer> publishedContainerPorts() {
            return strings(definition.get("ports")).stream()
                    .map(port -> port.substring(port.lastIndexOf(':') + 1).replaceAll("/.*", ""))
                    .map(Integer::valueOf)
                    .toList();
        }

        boolean publishesPorts() {
            return definition.containsKey("ports");
        }

        /** The healthcheck's test command, without its {@code CMD}/{@code CMD-SHELL} marker; empty without one. */
        List<String> healthcheck() {
            Object healthcheck = definition.get("healthcheck");
            if (!(healthcheck instanceof Map<?, ?> map)) {
                return List.of();
            }
            Object test = map.get("test");
            // The string form is a shell command; the list form starts with CMD or CMD-SHELL.
            return test instanceof List<?>
                    ? strings(test).subList(1, strings(test).size())
                    : strings(test);
        }

        /** {@code depends_on} targets with their condition ({@code service_started} for the list form). */
        Map<String, String> dependsOn() {
            Object dependsOn = definition.get("depends_on");
            Map<String, String> conditions = new LinkedHashMap<>();
            if (dependsOn instanceof List<?> list) {
                list.forEach(target -> conditions.put(target.toString(), "service_started"));
            } else if (dependsOn instanceof Map<?, ?> map) {
                map.forEach((target, settings) -> conditions.put(
                        target.toString(),
                        settings instanceof Map<?, ?> s && s.get("condition") != null
                                ? s.get("condition").toString()
                                : "service_started"));
            }
            return conditions;
        }

        int replicas() {
            Object deploy = definition.get("deploy");
            if (deploy instanceof Map<?, ?> map && map.get("replicas") != null) {
                return Integer.parseInt(map.get("replicas").toString());
            }
            return 1;
        }

        /** Short-form volume entries ({@code source:target[:mode]}). */
        List<String> volumes() {
            return strings(definition.get("volumes"));
        }

        Optional<Build> build() {
            Object build = definition.get("build");
            if (build == null) {
                return Optional.empty();
            }
            if (build instanceof String context) {
                return Optional.of(new Build(context, "Dockerfile", Map.of()));
            }
            Map<String, Object> settings = asMap(build);
            Map<String, String> args = new LinkedHashMap<>();
            Object declared = settings.get("args");
            if (declared instanceof Map<?, ?> map) {
                map.forEach((key, value) -> args.put(key.toString(), String.valueOf(value)));
            }
            return Optional.of(new Build(
                    String.valueOf(settings.getOrDefault("context", ".")),
                    String.valueOf(settings.getOrDefault("dockerfile", "Dockerfile")),
                    args));
        }
    }

    /** A service's {@code build}: context, Dockerfile (relative to the context) and build arguments. */
    record Build(String context, String dockerfile, Map<String, String> args) {}

    private Object interpolate(Object value) {
        if (value instanceof String text) {
            return interpolate(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(key.toString(), interpolate(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::interpolate).toList();
        }
        return value;
    }

    /** Compose's interpolation with an empty environment: {@code $$}, {@code ${VAR:-default}}, {@code ${VAR}}. */
    private String interpolate(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 == text.length()) {
                out.append(c);
                i++;
            } else if (text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (text.charAt(i + 1) == '{') {
                int end = closingBrace(text, i + 2);
                out.append(resolve(text.substring(i + 2, end)));
                i = end + 1;
            } else {
                int end = i + 1;
                while (end < text.length()
                        && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                variablesWithoutDefault.add(text.substring(i + 1, end));
                i = end;
            }
        }
        return out.toString();
    }

    private String resolve(String expression) {
        int operator = 0;
        while (operator < expression.length()
                && (Character.isLetterOrDigit(expression.charAt(operator)) || expression.charAt(operator) == '_')) {
            operator++;
        }
        String rest = expression.substring(operator);
        if (rest.isEmpty()) {
            variablesWithoutDefault.add(expression);
            return "";
        }
        if (rest.startsWith(":-") || rest.startsWith("-")) {
            return interpolate(rest.substring(rest.startsWith(":-") ? 2 : 1));
        }
        // ${VAR:?message} fails and ${VAR:+value} is empty when VAR is unset.
        variablesWithoutDefault.add(expression);
        return "";
    }

    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == '{') {
                depth++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed ${ in " + text);
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(value.toString().trim().split("\\s+"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
