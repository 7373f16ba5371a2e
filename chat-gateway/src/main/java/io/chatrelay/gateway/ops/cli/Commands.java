package io.chatrelay.gateway.ops.cli;

import static io.chatrelay.gateway.ops.cli.OpsCli.text;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The commands of {@code bin/chatrelay ops}, each one API call and its rendering. */
final class Commands {

    private final OpsClient client;
    private final PrintStream out;
    private final boolean json;

    Commands(OpsClient client, PrintStream out, boolean json) {
        this.client = client;
        this.out = out;
        this.json = json;
    }

    void run(OpsCli.Arguments arguments) {
        List<String> words = arguments.words;
        String command = String.join(" ", words.subList(0, Math.min(2, words.size())));
        switch (command) {
            case "dlt list" -> list(arguments);
            case "dlt show" -> show(single(words, "dlt show REQUEST_ID"));
            case "dlt replay" -> replay(arguments);
            case "dlt discard" -> discard(single(words, "dlt discard REQUEST_ID --reason TEXT"), arguments);
            default -> {
                if (words.getFirst().equals("audit") && words.size() == 1) {
                    audit(arguments);
                } else {
                    throw new OpsCli.Usage("unknown command '" + String.join(" ", words) + "'");
                }
            }
        }
    }

    private void list(OpsCli.Arguments arguments) {
        if (arguments.words.size() > 2) {
            throw new OpsCli.Usage("dlt list takes filters, not ids (use --request-id)");
        }
        Map<String, String> query = arguments.filters();
        if (arguments.has("--include-resolved")) {
            query.put("includeResolved", "true");
        }
        copy(arguments, "--limit", "limit", query);
        copy(arguments, "--cursor", "cursor", query);
        JsonNode page = client.get("/admin/dead-letters", query);
        if (json) {
            print(page);
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
        table.print(out);
        out.println(page.path("items").size() + " shown"
                + (text(page.path("nextCursor")) == null
                        ? ""
                        : "; more with --cursor " + text(page.path("nextCursor"))));
    }

    private void show(String id) {
        JsonNode entry = client.get("/admin/dead-letters/" + id, Map.of());
        if (json) {
            print(entry);
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
            out.printf("%-18s %s%n", field, text(entry.path(field)) == null ? "-" : text(entry.path(field)));
        }
        out.printf("%-18s %s%n", "state", state(entry));
        out.printf(
                "%-18s %s%n",
                "message",
                entry.has("request")
                        ? text(entry.path("request").path("message"))
                        : "(unreadable) " + text(entry.path("raw")));
        out.println("headers");
        entry.path("headers")
                .properties()
                .forEach(
                        h -> out.printf("  %-40s %s%n", h.getKey(), h.getValue().asString()));
    }

    private void replay(OpsCli.Arguments arguments) {
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
            body.put("ratePerSecond", number(arguments.value("--rate", null), "--rate"));
        }
        if (arguments.has("--max")) {
            body.put("maxCount", (int) number(arguments.value("--max", null), "--max"));
        }
        JsonNode result = client.post("/admin/dead-letters/replay", body);
        if (json) {
            print(result);
            return;
        }
        TableWriter table = new TableWriter("REQUEST ID", "CONVERSATION", "OUTCOME", "REASON");
        result.path("requests")
                .forEach(r -> table.row(
                        text(r.path("requestId")),
                        text(r.path("conversationId")),
                        text(r.path("outcome")),
                        text(r.path("reason"))));
        table.print(out);
        if (result.path("dryRun").asBoolean()) {
            out.println("dry run: " + result.path("matched").asInt() + " would be replayed"
                    + (result.path("truncated").asBoolean() ? " (more match; raise --max)" : ""));
        } else {
            out.println("published " + result.path("published").asInt() + ", failed "
                    + result.path("failed").asInt() + ", skipped "
                    + result.path("skipped").asInt()
                    + (result.path("truncated").asBoolean() ? " (more match; raise --max)" : "") + "; audit "
                    + text(result.path("auditId")));
        }
    }

    private void discard(String id, OpsCli.Arguments arguments) {
        String reason = arguments.value("--reason", null);
        if (reason == null || reason.isBlank()) {
            throw new OpsCli.Usage("dlt discard needs --reason");
        }
        JsonNode entry = client.post("/admin/dead-letters/" + id + "/discard", Map.of("reason", reason));
        if (json) {
            print(entry);
        } else {
            out.println("discarded " + text(entry.path("requestId")));
        }
    }

    private void audit(OpsCli.Arguments arguments) {
        Map<String, String> query = new LinkedHashMap<>();
        copy(arguments, "--limit", "limit", query);
        JsonNode trail = client.get("/admin/dead-letters/audit", query);
        if (json) {
            print(trail);
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
        table.print(out);
    }

    private static String state(JsonNode item) {
        if (!item.path("resolved").asBoolean()) {
            return "open";
        }
        JsonNode resolution = item.path("resolution");
        String kind = text(resolution.path("kind"));
        return "replayed".equals(kind) ? "replayed → " + text(item.path("requestStatus")) : kind;
    }

    private static String single(List<String> words, String usage) {
        if (words.size() != 3) {
            throw new OpsCli.Usage("usage: " + usage);
        }
        return words.get(2);
    }

    private static void copy(OpsCli.Arguments arguments, String flag, String name, Map<String, String> query) {
        if (arguments.has(flag)) {
            query.put(name, arguments.value(flag, null));
        }
    }

    private static double number(String text, String flag) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new OpsCli.Usage(flag + " needs a number");
        }
    }

    private void print(JsonNode node) {
        out.println(OpsClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }
}
