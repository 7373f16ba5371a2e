package io.chatrelay.gateway.ops.cli;

import static io.chatrelay.gateway.ops.cli.OpsCli.text;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code audit}: the operators' actions on dead letters, newest first. */
final class AuditCommand {

    private AuditCommand() {}

    static void run(Console console, OpsCli.Arguments arguments) {
        Map<String, String> query = new LinkedHashMap<>();
        Commands.copy(arguments, "--limit", "limit", query);
        JsonNode trail = console.client().get("/admin/dead-letters/audit", query);
        if (console.json()) {
            console.print(trail);
            return;
        }
        TableWriter table = new TableWriter("AT", "ACTOR", "ACTION", "COUNT", "OUTCOME", "FILTER OR REASON");
        trail.path("items")
                .forEach(e -> table.row(
                        text(e.path("at")),
                        text(e.path("actor")),
                        text(e.path("action")),
                        text(e.path("count")),
                        text(e.path("outcome")),
                        e.has("filter") ? e.path("filter").toString() : text(e.path("reason"))));
        table.print(console.out());
    }
}
