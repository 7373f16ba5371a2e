package io.chatrelay.gateway.ops.cli;

import static io.chatrelay.gateway.ops.cli.OpsCli.text;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code dlt show}: one dead letter, field by field, with its message and headers. */
final class DeadLetterShowCommand {

    private DeadLetterShowCommand() {}

    static void run(Console console, String id) {
        JsonNode entry = console.client().get("/admin/dead-letters/" + id, Map.of());
        if (console.json()) {
            console.print(entry);
            return;
        }
        for (String field : List.of(
                "requestId",
                "conversationId",
                "company",
                "category",
                "reason",
                "upstreamStatus",
                "upstreamCode",
                "upstreamRequestId",
                "attempts",
                "firstFailureAt",
                "lastFailureAt",
                "replayCount",
                "requestStatus")) {
            console.out().printf("%-18s %s%n", field, text(entry.path(field)) == null ? "-" : text(entry.path(field)));
        }
        console.out().printf("%-18s %s%n", "state", DeadLetterListCommand.state(entry));
        console.out()
                .printf(
                        "%-18s %s%n",
                        "message",
                        entry.has("request")
                                ? text(entry.path("request").path("message"))
                                : "(unreadable) " + text(entry.path("raw")));
        console.out().println("headers");
        entry.path("headers")
                .properties()
                .forEach(h -> console.out()
                        .printf("  %-40s %s%n", h.getKey(), h.getValue().asString()));
    }
}
