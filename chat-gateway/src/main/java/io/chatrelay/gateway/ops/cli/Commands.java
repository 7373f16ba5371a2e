package io.chatrelay.gateway.ops.cli;

import static io.chatrelay.gateway.ops.cli.OpsCli.text;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The commands of {@code bin/chatrelay ops}, each one API call and its rendering: which one runs, and what they share. */
final class Commands {

    private final Console console;

    Commands(OpsClient client, PrintStream out, boolean json) {
        this.console = new Console(client, out, json);
    }

    void run(OpsCli.Arguments arguments) {
        List<String> words = arguments.words;
        String command = String.join(" ", words.subList(0, Math.min(2, words.size())));
        switch (command) {
            case "dlt list" -> DeadLetterListCommand.run(console, arguments);
            case "dlt show" -> DeadLetterShowCommand.run(console, single(words, "dlt show REQUEST_ID"));
            case "dlt replay" -> ReplayCommand.run(console, arguments);
            case "dlt discard" -> discard(single(words, "dlt discard REQUEST_ID --reason TEXT"), arguments);
            default -> {
                if (words.getFirst().equals("audit") && words.size() == 1) {
                    AuditCommand.run(console, arguments);
                } else {
                    throw new OpsCli.Usage("unknown command '" + String.join(" ", words) + "'");
                }
            }
        }
    }

    private void discard(String id, OpsCli.Arguments arguments) {
        String reason = arguments.value("--reason", null);
        if (reason == null || reason.isBlank()) {
            throw new OpsCli.Usage("dlt discard needs --reason");
        }
        JsonNode entry = console.client().post("/admin/dead-letters/" + id + "/discard", Map.of("reason", reason));
        if (console.json()) {
            console.print(entry);
        } else {
            console.out().println("discarded " + text(entry.path("requestId")));
        }
    }

    private static String single(List<String> words, String usage) {
        if (words.size() != 3) {
            throw new OpsCli.Usage("usage: " + usage);
        }
        return words.get(2);
    }

    static void copy(OpsCli.Arguments arguments, String flag, String name, Map<String, String> query) {
        if (arguments.has(flag)) {
            query.put(name, arguments.value(flag, null));
        }
    }

    static double number(String text, String flag) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new OpsCli.Usage(flag + " needs a number");
        }
    }
}
