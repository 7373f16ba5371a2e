package io.chatrelay.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stages of a Dockerfile: the image each starts from (global {@code ARG} defaults and the build's arguments
 * substituted), the {@code USER} it ends with, and the build arguments it declares.
 */
record DockerfileStages(List<Stage> stages, List<String> declaredArgs) {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

    /**
     * One stage.
     *
     * @param image the image it starts from
     * @param user the last {@code USER} of the stage, if any
     */
    record Stage(String image, Optional<String> user) {}

    static DockerfileStages read(Path file, Map<String, String> buildArgs) {
        List<String> instructions;
        try {
            instructions = instructions(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> globalArgs = new LinkedHashMap<>();
        List<String> declared = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        String image = null;
        String user = null;
        for (String instruction : instructions) {
            String[] parts = instruction.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String argument = parts.length > 1 ? parts[1].trim() : "";
            switch (keyword) {
                case "ARG" -> {
                    String[] arg = argument.split("=", 2);
                    declared.add(arg[0]);
                    if (image == null) {
                        globalArgs.put(arg[0], buildArgs.getOrDefault(arg[0], arg.length > 1 ? arg[1] : ""));
                    }
                }
                case "FROM" -> {
                    if (image != null) {
                        stages.add(new Stage(image, Optional.ofNullable(user)));
                    }
                    image = substitute(argument.split("\\s+")[0], globalArgs);
                    user = null;
                }
                case "USER" -> user = argument;
                default -> {}
            }
        }
        if (image != null) {
            stages.add(new Stage(image, Optional.ofNullable(user)));
        }
        return new DockerfileStages(List.copyOf(stages), List.copyOf(declared));
    }

    Stage runtime() {
        return stages.getLast();
    }

    /** Joins continued lines and drops comments, parser directives and blank lines. */
    private static List<String> instructions(List<String> lines) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                instructions.add(current.append(trimmed).toString().trim());
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static String substitute(String text, Map<String, String> args) {
        Matcher matcher = REFERENCE.matcher(text);
        return matcher.replaceAll(match -> Matcher.quoteReplacement(args.getOrDefault(match.group(1), "")));
    }
}
