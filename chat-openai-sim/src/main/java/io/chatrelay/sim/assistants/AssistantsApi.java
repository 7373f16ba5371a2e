package io.chatrelay.sim.assistants;

import io.chatrelay.sim.SimContext;
import io.chatrelay.sim.assistants.wire.AssistantObject;
import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Exchange;
import io.chatrelay.sim.http.Ids;
import io.chatrelay.sim.http.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v1/assistants} and {@code /v1/threads}: assistants create/get, threads create/get, messages create/list,
 * runs create (also streaming)/list/get/cancel/submit_tool_outputs. Every call needs {@code OpenAI-Beta: assistants=v2}.
 */
public final class AssistantsApi {

    private final Store store = new Store();
    private final MessagesApi messages;
    private final RunsApi runs;

    public AssistantsApi(SimContext context) {
        this.messages = new MessagesApi(context);
        this.runs = new RunsApi(context, store);
    }

    public void reset() {
        store.reset();
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
                exchange.json(200, store.assistant(path.get(1)));
            } else {
                invalidUrl(exchange);
            }
            return;
        }
        if (size == 1 && method.equals("POST")) {
            createThread(exchange);
            return;
        }
        SimThread thread = store.thread(path.get(1));
        if (size == 2 && method.equals("GET")) {
            exchange.json(200, thread.snapshot());
        } else if (size == 3 && path.get(2).equals("messages") && method.equals("POST")) {
            messages.create(exchange, thread);
        } else if (size == 3 && path.get(2).equals("messages") && method.equals("GET")) {
            messages.list(exchange, thread);
        } else if (size == 3 && path.get(2).equals("runs") && method.equals("POST")) {
            runs.create(exchange, thread);
        } else if (size == 3 && path.get(2).equals("runs") && method.equals("GET")) {
            runs.list(exchange, thread);
        } else if (size == 4 && path.get(2).equals("runs") && method.equals("GET")) {
            runs.retrieve(exchange, store.run(thread, path.get(3)));
        } else if (size == 5
                && path.get(2).equals("runs")
                && path.get(4).equals("submit_tool_outputs")
                && method.equals("POST")) {
            runs.submitToolOutputs(exchange, store.run(thread, path.get(3)));
        } else if (size == 5 && path.get(2).equals("runs") && path.get(4).equals("cancel") && method.equals("POST")) {
            runs.cancel(exchange, store.run(thread, path.get(3)));
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
        AssistantObject assistant = new AssistantObject(
                Ids.next("asst"),
                Ids.nowSeconds(),
                Json.text(body, "name"),
                Json.text(body, "description"),
                model,
                Json.text(body, "instructions"),
                Json.metadata(body));
        store.add(assistant);
        exchange.json(200, assistant);
    }

    private void createThread(Exchange exchange) {
        JsonNode body = exchange.body();
        SimThread thread = new SimThread(Ids.next("thread"), Ids.nowSeconds(), Json.metadata(body));
        for (JsonNode message : body.path("messages").values()) {
            thread.add(MessagesApi.userMessage(thread, message));
        }
        store.add(thread);
        exchange.json(200, thread.snapshot());
    }

    private static void invalidUrl(Exchange exchange) {
        throw ApiError.notFound("Invalid URL (" + exchange.method() + " " + exchange.path() + ")")
                .toException();
    }
}
