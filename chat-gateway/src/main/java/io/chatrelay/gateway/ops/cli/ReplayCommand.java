package io.chatrelay.gateway.ops.cli;

import static io.chatrelay.gateway.ops.cli.OpsCli.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code dlt replay}: replays by ids or by filters, or says what would be replayed ({@code --dry-run}). */
final class ReplayCommand {

    private ReplayCommand() {}

    static void run(Console console, OpsCli.Arguments arguments) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<String> ids = arguments.words.subList(2, arguments.words.size());
        Map<String, String> filters = arguments.filters();
        if (ids.isEmpty() == filters.isEmpty()) {
            throw new OpsCli.Usage("dlt replay takes either request ids or filters");
        }
        if (ids.isEmpty()) {
            body.put("filter", filters);
        } else {
            body.put("ids", ids);
        }
        if (arguments.has("--dry-run")) {
            body.put("dryRun", true);
        }
        if (arguments.has("--rate")) {
            body.put("ratePerSecond", Commands.number(arguments.value("--rate", null), "--rate"));
        }
        if (arguments.has("--max")) {
            body.put("maxCount", (int) Commands.number(arguments.value("--max", null), "--max"));
        }
        JsonNode result = console.client().post("/admin/dead-letters/replay", body);
        if (console.json()) {
            console.print(result);
            return;
        }
        TableWriter table = new TableWriter("REQUEST ID", "CONVERSATION", "OUTCOME", "REASON");
        result.path("requests")
                .forEach(r -> table.row(
                        text(r.path("requestId")),
                        text(r.path("conversationId")),
                        text(r.path("outcome")),
                        text(r.path("reason"))));
        table.print(console.out());
        String more = result.path("truncated").asBoolean() ? " (more match; raise --max)" : "";
        console.out()
                .println(
                        result.path("dryRun").asBoolean()
                                ? "dry run: " + result.path("matched").asInt() + " would be replayed" + more
                                : "published " + result.path("published").asInt() + ", failed "
                                        + result.path("failed").asInt() + ", skipped "
                                        + result.path("skipped").asInt() + more + "; audit "
                                        + text(result.path("auditId")));
    }
}
