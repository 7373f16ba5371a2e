package io.chatrelay.gateway.ops.cli;

import static io.chatrelay.gateway.ops.cli.OpsCli.text;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code dlt list}: a page of dead letters, as a table or as JSON. */
final class DeadLetterListCommand {

    private DeadLetterListCommand() {}

    static void run(Console console, OpsCli.Arguments arguments) {
        if (arguments.words.size() > 2) {
            throw new OpsCli.Usage("dlt list takes filters, not ids (use --request-id)");
        }
        Map<String, String> query = arguments.filters();
        if (arguments.has("--include-resolved")) {
            query.put("includeResolved", "true");
        }
        Commands.copy(arguments, "--limit", "limit", query);
        Commands.copy(arguments, "--cursor", "cursor", query);
        JsonNode page = console.client().get("/admin/dead-letters", query);
        if (console.json()) {
            console.print(page);
            return;
        }
        TableWriter table = new TableWriter(
                "REQUEST ID",
                "COMPANY",
                "CATEGORY",
                "UPSTREAM",
                "ATTEMPTS",
                "REPLAYS",
                "LAST FAILURE",
                "STATE",
                "PREVIEW");
        for (JsonNode item : page.path("items")) {
            String upstream = item.has("upstreamStatus")
                    ? item.path("upstreamStatus").asString()
                            + (item.has("upstreamCode")
                                    ? " " + item.path("upstreamCode").asString()
                                    : "")
                    : null;
            table.row(
                    text(item.path("requestId")),
                    text(item.path("company")),
                    text(item.path("category")),
                    upstream,
                    text(item.path("attempts")),
                    text(item.path("replayCount")),
                    text(item.path("lastFailureAt")),
                    state(item),
                    TableWriter.cut(text(item.path("preview")), 40));
        }
        table.print(console.out());
        console.out()
                .println(page.path("items").size() + " shown"
                        + (text(page.path("nextCursor")) == null
                                ? ""
                                : "; more with --cursor " + text(page.path("nextCursor"))));
    }

    /** Open, discarded, or replayed with the status the replay reached. */
    static String state(JsonNode item) {
        if (!item.path("resolved").asBoolean()) {
            return "open";
        }
        JsonNode resolution = item.path("resolution");
        String kind = text(resolution.path("kind"));
        return "replayed".equals(kind) ? "replayed → " + text(item.path("requestStatus")) : kind;
    }
}
