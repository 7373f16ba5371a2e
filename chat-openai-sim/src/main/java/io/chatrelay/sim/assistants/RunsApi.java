package io.chatrelay.sim.assistants;

import io.chatrelay.sim.Counters;
import io.chatrelay.sim.SimContext;
import io.chatrelay.sim.SimModel;
import io.chatrelay.sim.assistants.wire.AssistantObject;
import io.chatrelay.sim.assistants.wire.MessageObject;
import io.chatrelay.sim.assistants.wire.RunObject;
import io.chatrelay.sim.faults.Directives;
import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Exchange;
import io.chatrelay.sim.http.Json;
import io.chatrelay.sim.http.ListPage;
import io.chatrelay.sim.http.ListQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/threads/{id}/runs}: create (also streaming), list, retrieve, cancel, submit_tool_outputs. A thread has at
 * most one active run.
 */
final class RunsApi {

    private final SimContext context;
    private final Store store;

    RunsApi(SimContext context, Store store) {
        this.context = context;
        this.store = store;
    }

    void create(Exchange exchange, SimThread thread) {
        JsonNode body = exchange.body();
        String assistantId = Json.text(body, "assistant_id");
        if (assistantId == null) {
            throw ApiError.missing("assistant_id").toException();
        }
        AssistantObject assistant = store.assistant(assistantId);
        Map<String, String> metadata = Json.metadata(body);
        for (JsonNode message : body.path("additional_messages").values()) {
            thread.add(MessagesApi.userMessage(thread, message));
        }
        int userTurns = 0;
        String latest = "";
        long promptTokens = SimModel.tokens(assistant.instructions());
        for (MessageObject message : thread.messages()) {
            String text = message.text();
            promptTokens += SimModel.tokens(text) + 4;
            if ("user".equals(message.role())) {
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
        RunScript script = RunScript.of(context, directives, latest, userTurns, promptTokens);
        String instructions = Json.text(body, "instructions");
        if (instructions == null) {
            instructions = assistant.instructions() == null ? "" : assistant.instructions();
        }
        String model = Json.text(body, "model") != null ? Json.text(body, "model") : assistant.model();
        Run run = new Run(thread, assistantId, model, instructions, metadata, script);
        Run active = thread.claim(run);
        if (active != null) {
            throw ApiError.invalid("Thread " + thread.id + " already has an active run " + active.id + ".", null, null)
                    .toException();
        }
        store.add(run);
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
            run.stream.follow(exchange.sse(), cut);
        } else {
            exchange.json(200, run.snapshot());
        }
    }

    void list(Exchange exchange, SimThread thread) {
        int limit = ListQuery.limit(exchange);
        List<RunObject> found = store.runs(thread).stream().map(Run::snapshot).toList();
        if (!ListQuery.ascending(exchange)) {
            found = found.reversed();
        }
        List<RunObject> page = found.subList(0, Math.min(limit, found.size()));
        exchange.json(200, ListPage.of(page, RunObject::id, found.size() > page.size()));
    }

    void retrieve(Exchange exchange, Run run) {
        exchange.json(200, run.snapshot());
    }

    void submitToolOutputs(Exchange exchange, Run run) {
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
            exchange.json(200, run.snapshot());
        }
    }

    void cancel(Exchange exchange, Run run) {
        if (!run.cancel()) {
            throw ApiError.invalid("Cannot cancel run with status '" + run.status() + "'.", null, null)
                    .toException();
        }
        context.counters().count(Counters.Kind.CANCELS, run.thread.id, run.metadata);
        exchange.json(200, run.snapshot());
    }
}
