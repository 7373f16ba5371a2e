package io.chatrelay.sim.assistants;

import io.chatrelay.sim.Counters;
import io.chatrelay.sim.SimContext;
import io.chatrelay.sim.SimModel;
import io.chatrelay.sim.faults.Directives;
import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Exchange;
import io.chatrelay.sim.http.Ids;
import io.chatrelay.sim.http.Json;
import io.chatrelay.sim.responses.ListQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/assistants} and {@code /v1/threads}: assistants create/get, threads create/get, messages create/list,
 * runs create (also streaming)/list/get/cancel/submit_tool_outputs. Every call needs {@code OpenAI-Beta: assistants=v2}.
 */
public final class AssistantsApi {

    private final SimContext context;
    private final Map<String, Map<String, Object>> assistants = new ConcurrentHashMap<>();
    private final Map<String, SimThread> threads = new ConcurrentHashMap<>();
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    public AssistantsApi(SimContext context) {
        this.context = context;
    }

    public void reset() {
        assistants.clear();
        threads.clear();
        runs.clear();
    }

    /** Handles {@code /v1/assistants/…} and {@code /v1/threads/…}; segments start after {@code v1}. */
    public void handle(Exchange exchange, List<String> path) {
        String beta = exchange.header("OpenAI-Beta");
        if (beta == null || !beta.contains("assistants=v2")) {
            throw ApiError.invalid(
                            "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.",
                            null,
                            "invalid_beta")
                    .toException();
        }
        String method = exchange.method();
        int size = path.size();
        if (path.getFirst().equals("assistants")) {
            if (size == 1 && method.equals("POST")) {
                createAssistant(exchange);
            } else if (size == 2 && method.equals("GET")) {
                exchange.json(200, assistant(path.get(1)));
            } else {
                invalidUrl(exchange);
            }
            return;
        }
        if (size == 1 && method.equals("POST")) {
            createThread(exchange);
            return;
        }
        SimThread thread = thread(path.get(1));
        if (size == 2 && method.equals("GET")) {
            exchange.json(200, thread.toJson());
        } else if (size == 3 && path.get(2).equals("messages") && method.equals("POST")) {
            createMessage(exchange, thread);
        } else if (size == 3 && path.get(2).equals("messages") && method.equals("GET")) {
            listMessages(exchange, thread);
        } else if (size == 3 && path.get(2).equals("runs") && method.equals("POST")) {
            createRun(exchange, thread);
        } else if (size == 3 && path.get(2).equals("runs") && method.equals("GET")) {
            listRuns(exchange, thread);
        } else if (size == 4 && path.get(2).equals("runs") && method.equals("GET")) {
            exchange.json(200, run(thread, path.get(3)).toJson());
        } else if (size == 5
                && path.get(2).equals("runs")
                && path.get(4).equals("submit_tool_outputs")
                && method.equals("POST")) {
            submitToolOutputs(exchange, run(thread, path.get(3)));
        } else if (size == 5 && path.get(2).equals("runs") && path.get(4).equals("cancel") && method.equals("POST")) {
            cancelRun(exchange, run(thread, path.get(3)));
        } else {
            invalidUrl(exchange);
        }
    }

    private void createAssistant(Exchange exchange) {
        JsonNode body = exchange.body();
        String model = Json.text(body, "model");
        if (model == null) {
            throw ApiError.missing("model").toException();
        }
        Map<String, Object> assistant = Json.object(
                "id", Ids.next("asst"),
                "object", "assistant",
                "created_at", Ids.nowSeconds(),
                "name", Json.text(body, "name"),
                "description", Json.text(body, "description"),
                "model", model,
                "instructions", Json.text(body, "instructions"),
                "tools", List.of(),
                "metadata", Json.metadata(body),
                "top_p", 1.0,
                "temperature", 1.0,
                "response_format", "auto");
        assistants.put((String) assistant.get("id"), assistant);
        exchange.json(200, assistant);
    }

    private Map<String, Object> assistant(String id) {
        Map<String, Object> assistant = assistants.get(id);
        if (assistant == null) {
            throw ApiError.notFound("No assistant found with id '" + id + "'.").toException();
        }
        return assistant;
    }

    private SimThread thread(String id) {
        if (!id.startsWith("thread")) {
            throw ApiError.invalid(
                            "Invalid 'thread_id': '" + id + "'. Expected an ID that begins with 'thread'.",
                            "thread_id",
                            "invalid_value")
                    .toException();
        }
        SimThread thread = threads.get(id);
        if (thread == null) {
            throw ApiError.notFound("No thread found with id '" + id + "'.").toException();
        }
        return thread;
    }

    private Run run(SimThread thread, String runId) {
        Run run = runs.get(runId);
        if (run == null || run.thread != thread) {
            throw ApiError.notFound("No run found with id '" + runId + "'.").toException();
        }
        return run;
    }

    private void createThread(Exchange exchange) {
        JsonNode body = exchange.body();
        SimThread thread = new SimThread(Ids.next("thread"), Ids.nowSeconds(), Json.metadata(body));
        for (JsonNode message : body.path("messages").values()) {
            thread.add(userMessage(thread, message));
        }
        threads.put(thread.id, thread);
        exchange.json(200, thread.toJson());
    }

    private void createMessage(Exchange exchange, SimThread thread) {
        Run active = thread.active();
        if (active != null) {
            throw ApiError.invalid(
                            "Can't add messages to " + thread.id + " while a run " + active.id + " is active.",
                            null,
                            null)
                    .toException();
        }
        Map<String, Object> message = userMessage(thread, exchange.body());
        @SuppressWarnings("unchecked")
        Map<String, String> metadata = (Map<String, String>) message.get("metadata");
        String text = Messages.text(message);
        SimContext.Directed directed = context.direct(
                exchange,
                Directives.parse(text, metadata),
                Directives.FailOn.MESSAGE,
                "messages|" + thread.id + "|" + text + "|" + metadata);
        if (directed == SimContext.Directed.ANSWERED) {
            return;
        }
        thread.add(message);
        context.counters().count(Counters.Kind.MESSAGES, thread.id, metadata);
        if (directed != SimContext.Directed.NONE) {
            // Adding a message does not stream: a cut loses its reply as a lost one does.
            exchange.abort();
        } else {
            exchange.json(200, message);
        }
    }

    private Map<String, Object> userMessage(SimThread thread, JsonNode body) {
        String role = Json.text(body, "role");
        if (role == null) {
            throw ApiError.missing("role").toException();
        }
        if (!role.equals("user") && !role.equals("assistant")) {
            throw ApiError.invalid(
                            "Invalid value: '" + role + "'. Supported values are: 'user' and 'assistant'.",
                            "role",
                            "invalid_value")
                    .toException();
        }
        JsonNode content = body.path("content");
        if (content.isMissingNode() || content.isNull()) {
            throw ApiError.missing("content").toException();
        }
        String text;
        if (content.isString()) {
            text = content.asString();
        } else {
            StringBuilder joined = new StringBuilder();
            for (JsonNode part : content.values()) {
                String value = Json.text(part, "text");
                if (value != null) {
                    joined.append(value);
                }
            }
            text = joined.toString();
        }
        return Messages.of(
                Ids.next("msg"), thread.id, role, text, "completed", null, null, Json.metadata(body), Ids.nowSeconds());
    }

    private void listMessages(Exchange exchange, SimThread thread) {
        int limit = ListQuery.limit(exchange);
        List<Map<String, Object>> messages = new ArrayList<>(thread.messages());
        String runId = exchange.query("run_id");
        if (runId != null) {
            messages.removeIf(m -> !runId.equals(m.get("run_id")));
        }
        if (!ListQuery.ascending(exchange)) {
            messages = messages.reversed();
        }
        int start = 0;
        int end = messages.size();
        String after = exchange.query("after");
        String before = exchange.query("before");
        if (after != null) {
            start = indexOf(messages, after) + 1;
        }
        if (before != null) {
            int index = indexOf(messages, before);
            end = index < 0 ? end : index;
            start = after != null ? start : Math.max(0, end - limit);
        }
        start = Math.min(start, end);
        List<Map<String, Object>> page = List.copyOf(messages.subList(start, Math.min(end, start + limit)));
        boolean hasMore = start + page.size() < end || (before != null && start > 0);
        exchange.json(200, Json.listPage(page, hasMore));
    }

    private void createRun(Exchange exchange, SimThread thread) {
        JsonNode body = exchange.body();
        String assistantId = Json.text(body, "assistant_id");
        if (assistantId == null) {
            throw ApiError.missing("assistant_id").toException();
        }
        Map<String, Object> assistant = assistant(assistantId);
        Map<String, String> metadata = Json.metadata(body);
        for (JsonNode message : body.path("additional_messages").values()) {
            thread.add(userMessage(thread, message));
        }
        List<Map<String, Object>> history = thread.messages();
        int userTurns = 0;
        String latest = "";
        long promptTokens = SimModel.tokens((String) assistant.get("instructions"));
        for (Map<String, Object> message : history) {
            String text = Messages.text(message);
            promptTokens += SimModel.tokens(text) + 4;
            if ("user".equals(message.get("role"))) {
                userTurns++;
                latest = text;
            }
        }
        Directives directives = Directives.parse(latest, metadata);
        SimContext.Directed directed = context.direct(
                exchange, directives, Directives.FailOn.CREATE, "runs|" + thread.id + "|" + latest + "|" + metadata);
        if (directed == SimContext.Directed.ANSWERED) {
            return;
        }
        long latency = context.latency(directives).toMillis();
        String ending = directives.status() != null
                ? directives.status()
                : context.faults().runOutcome();
        Run.Script script = new Run.Script(
                directives,
                SimModel.replyTokens(userTurns, Directives.strip(latest), context.replyTokens(directives)),
                directives.tool(),
                ending,
                Math.min(context.settings().queueTime().toMillis(), latency),
                latency,
                promptTokens);
        String instructions = Json.text(body, "instructions");
        if (instructions == null) {
            instructions = assistant.get("instructions") == null ? "" : (String) assistant.get("instructions");
        }
        String model = Json.text(body, "model") != null ? Json.text(body, "model") : (String) assistant.get("model");
        Run run = new Run(thread, assistantId, model, instructions, metadata, script);
        Run active = thread.claim(run);
        if (active != null) {
            throw ApiError.invalid("Thread " + thread.id + " already has an active run " + active.id + ".", null, null)
                    .toException();
        }
        runs.put(run.id, run);
        context.counters().count(Counters.Kind.RUNS, thread.id, metadata);
        Thread.ofVirtual().name(run.id).start(run::run);
        boolean stream = body.path("stream").asBoolean(false);
        if (directed == SimContext.Directed.STREAM_CUT && stream) {
            exchange.cutStream();
        } else if (directed != SimContext.Directed.NONE) {
            exchange.abort();
        } else if (stream) {
            int cut = directives.cutStreamAfter() != null
                    ? directives.cutStreamAfter()
                    : context.faults().cutStreamAfter();
            run.log.follow(exchange.sse(), 0, cut, true);
        } else {
            exchange.json(200, run.toJson());
        }
    }

    private void listRuns(Exchange exchange, SimThread thread) {
        int limit = ListQuery.limit(exchange);
        List<Map<String, Object>> found = runs.values().stream()
                .filter(run -> run.thread == thread)
                .sorted(Comparator.comparingLong((Run run) -> run.order))
                .map(Run::toJson)
                .toList();
        if (!ListQuery.ascending(exchange)) {
            found = found.reversed();
        }
        List<Map<String, Object>> page = List.copyOf(found.subList(0, Math.min(limit, found.size())));
        exchange.json(200, Json.listPage(page, found.size() > page.size()));
    }

    private void submitToolOutputs(Exchange exchange, Run run) {
        JsonNode body = exchange.body();
        if (body.path("stream").asBoolean(false)) {
            throw ApiError.invalid("The simulator answers tool outputs without streaming.", "stream", null)
                    .toException();
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (JsonNode output : body.path("tool_outputs").values()) {
            outputs.put(Json.text(output, "tool_call_id"), Json.text(output, "output"));
        }
        SimContext.Directed directed =
                context.direct(exchange, run.directives(), Directives.FailOn.OUTPUTS, "outputs|" + run.id);
        if (directed == SimContext.Directed.ANSWERED) {
            return;
        }
        String error = run.submitToolOutputs(outputs);
        if (error != null) {
            throw ApiError.invalid(error, null, null).toException();
        }
        if (directed != SimContext.Directed.NONE) {
            exchange.abort();
        } else {
            exchange.json(200, run.toJson());
        }
    }

    private void cancelRun(Exchange exchange, Run run) {
        if (!run.cancel()) {
            throw ApiError.invalid("Cannot cancel run with status '" + run.status() + "'.", null, null)
                    .toException();
        }
        context.counters().count(Counters.Kind.CANCELS, run.thread.id, run.metadata);
        exchange.json(200, run.toJson());
    }

    private static int indexOf(List<Map<String, Object>> items, String id) {
        for (int i = 0; i < items.size(); i++) {
            if (id.equals(items.get(i).get("id"))) {
                return i;
            }
        }
        return -1;
    }

    private static void invalidUrl(Exchange exchange) {
        throw ApiError.notFound("Invalid URL (" + exchange.method() + " " + exchange.path() + ")")
                .toException();
    }
}
