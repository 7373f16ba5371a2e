package io.chatrelay.sim.responses;

import io.chatrelay.sim.Counters;
import io.chatrelay.sim.SimContext;
import io.chatrelay.sim.SimModel;
import io.chatrelay.sim.faults.Directives;
import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Exchange;
import io.chatrelay.sim.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** {@code /v1/responses}: create (plain, background, streaming), retrieve (also as a resumable stream), cancel. */
public final class ResponsesApi {

    private final SimContext context;
    private final ConversationsApi conversations;
    private final Map<String, ResponseRun> responses = new ConcurrentHashMap<>();

    public ResponsesApi(SimContext context, ConversationsApi conversations) {
        this.context = context;
        this.conversations = conversations;
    }

    public void reset() {
        responses.clear();
    }

    /** Handles {@code /v1/responses[/{id}[/cancel]]}; segments start after {@code v1}. */
    public void handle(Exchange exchange, List<String> path) {
        String method = exchange.method();
        if (path.size() == 1 && method.equals("POST")) {
            create(exchange);
        } else if (path.size() == 2 && method.equals("GET")) {
            retrieve(exchange, find(path.get(1)));
        } else if (path.size() == 3 && path.get(2).equals("cancel") && method.equals("POST")) {
            cancel(exchange, find(path.get(1)));
        } else {
            throw ApiError.notFound("Invalid URL (" + method + " " + exchange.path() + ")")
                    .toException();
        }
    }

    private ResponseRun find(String id) {
        ResponseRun run = responses.get(id);
        if (run == null) {
            throw ApiError.notFound("Response with id '" + id + "' not found.").toException();
        }
        return run;
    }

    private void create(Exchange exchange) {
        JsonNode body = exchange.body();
        if (body.has("messages")) {
            throw ApiError.invalid(
                            "Unsupported parameter: 'messages'. In the Responses API, this parameter has moved to 'input'.",
                            null,
                            "unsupported_parameter")
                    .toException();
        }
        String model = Json.text(body, "model");
        JsonNode prompt = body.path("prompt");
        boolean hasPrompt = prompt.isObject();
        if (model == null && !hasPrompt) {
            throw ApiError.missing("model").toException();
        }
        if (model != null && model.isEmpty()) {
            throw ApiError.invalid("The requested model '' does not exist.", "model", "model_not_found")
                    .toException();
        }
        boolean background = body.path("background").asBoolean(false);
        boolean stream = body.path("stream").asBoolean(false);
        if (background && body.has("store") && !body.path("store").asBoolean(true)) {
            throw ApiError.invalid("Background mode requires 'store' to be true.", "background", "invalid_value")
                    .toException();
        }
        Integer maxOutputTokens = null;
        if (body.hasNonNull("max_output_tokens")) {
            int value = body.path("max_output_tokens").asInt();
            if (value < 16) {
                throw ApiError.invalid(
                                "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got "
                                        + value + " instead.",
                                "max_output_tokens",
                                "integer_below_min_value")
                        .toException();
            }
            maxOutputTokens = value;
        }
        Map<String, String> metadata = Json.metadata(body);
        String conversationId = conversationId(body.path("conversation"));
        if (conversationId != null && body.hasNonNull("previous_response_id")) {
            throw ApiError.invalid(
                            "Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.",
                            null,
                            "mutually_exclusive_parameters")
                    .toException();
        }
        JsonNode inputNode = body.path("input");
        List<Map<String, Object>> input =
                inputNode.isMissingNode() || inputNode.isNull() ? List.of() : Items.fromInput(inputNode, "input");
        if (input.isEmpty() && conversationId == null && !hasPrompt && !body.hasNonNull("previous_response_id")) {
            throw ApiError.invalid(
                            "One of \"input\" or \"previous_response_id\" or 'prompt' or 'conversation' must be provided.",
                            null,
                            "missing_required_parameter")
                    .toException();
        }
        Conversation conversation = conversationId == null ? null : conversations.find(conversationId);
        List<Map<String, Object>> history = new ArrayList<>();
        if (conversation != null) {
            history.addAll(conversation.items());
        } else if (body.hasNonNull("previous_response_id")) {
            history.addAll(previous(Json.text(body, "previous_response_id")));
        }
        List<String> toolOutputs = toolOutputs(history, input);
        history.addAll(input);

        String latestUserText = "";
        int userTurns = 0;
        long inputTokens = SimModel.tokens(Json.text(body, "instructions"));
        for (Map<String, Object> item : history) {
            String text = Items.text(item);
            inputTokens += SimModel.tokens(text) + 4;
            if (Items.isUserMessage(item)) {
                userTurns++;
                latestUserText = text;
            }
        }
        Directives directives = Directives.parse(latestUserText, metadata);
        String faultKey = "responses|" + conversationId + "|" + latestUserText + "|" + metadata;
        SimContext.Directed directed = context.direct(
                exchange,
                directives,
                toolOutputs.isEmpty() ? Directives.FailOn.CREATE : Directives.FailOn.OUTPUTS,
                faultKey);
        if (directed == SimContext.Directed.ANSWERED) {
            return;
        }

        Map<String, Object> echo = Json.object(
                "model",
                model == null ? "gpt-sim" : model,
                "instructions",
                Json.text(body, "instructions"),
                "max_output_tokens",
                maxOutputTokens,
                "previous_response_id",
                Json.text(body, "previous_response_id"),
                "tools",
                body.has("tools") ? Json.MAPPER.convertValue(body.path("tools"), List.class) : List.of(),
                "prompt",
                hasPrompt ? Json.MAPPER.convertValue(prompt, Map.class) : null);
        long latency = context.latency(directives).toMillis();
        long queue = Math.min(context.settings().queueTime().toMillis(), latency);
        String ending = directives.status() != null
                ? directives.status()
                : context.faults().runOutcome();
        // A turn that hands back function results is answered from them, without calling the function again.
        String answering = toolOutputs.isEmpty()
                ? Directives.strip(latestUserText)
                : "the function returned " + String.join(", ", toolOutputs);
        ResponseRun.Script script = new ResponseRun.Script(
                SimModel.replyTokens(userTurns, answering, context.replyTokens(directives)),
                toolOutputs.isEmpty() ? directives.tool() : null,
                ending,
                maxOutputTokens,
                queue,
                latency,
                inputTokens);
        ResponseRun run = new ResponseRun(
                background, conversation, echo, metadata, input, script, context.timings(), exchange.receivedNanos());
        if (conversation != null) {
            String active = conversation.lock(run.id);
            if (active != null) {
                throw ApiError.invalid(
                                "Another process is currently operating on this conversation. Please retry in a few seconds.",
                                "conversation",
                                "conversation_locked")
                        .toException();
            }
        }
        responses.put(run.id, run);
        String scope = conversation == null ? null : conversation.id;
        context.counters().count(Counters.Kind.RESPONSES, scope, metadata);
        input.stream()
                .filter(Items::isUserMessage)
                .forEach(item -> context.counters().count(Counters.Kind.MESSAGES, scope, metadata));

        Thread.ofVirtual().name(run.id).start(run::run);
        if (directed == SimContext.Directed.STREAM_CUT && stream) {
            exchange.cutStream();
        } else if (directed != SimContext.Directed.NONE) {
            exchange.abort();
        } else if (stream) {
            int cut = directives.cutStreamAfter() != null
                    ? directives.cutStreamAfter()
                    : context.faults().cutStreamAfter();
            run.log.follow(exchange.sse(), 0, cut, false, run::sent);
        } else if (background) {
            exchange.json(200, run.toJson());
        } else {
            awaitTerminal(run);
            exchange.json(200, run.toJson());
        }
    }

    private void retrieve(Exchange exchange, ResponseRun run) {
        if (!"true".equals(exchange.query("stream"))) {
            exchange.json(200, run.toJson());
            return;
        }
        if (!run.background) {
            throw ApiError.invalid(
                            "This response cannot be streamed because it was not created with background=true.",
                            "stream",
                            "invalid_request_error")
                    .toException();
        }
        String startingAfter = exchange.query("starting_after");
        int from = startingAfter == null ? 0 : Integer.parseInt(startingAfter) + 1;
        run.log.follow(exchange.sse(), from, 0, false, run::sent);
    }

    private void cancel(Exchange exchange, ResponseRun run) {
        if (!run.background) {
            throw ApiError.invalid("Only responses created with background=true can be cancelled.", null, null)
                    .toException();
        }
        if (!run.cancel()) {
            String status = run.status();
            if (!status.equals("cancelled")) {
                throw ApiError.invalid("Cannot cancel a " + status + " response.", null, null)
                        .toException();
            }
        } else {
            context.counters()
                    .count(Counters.Kind.CANCELS, run.conversation == null ? null : run.conversation.id, run.metadata);
        }
        exchange.json(200, run.toJson());
    }

    /** The outputs {@code input} hands back; each must answer a function call already in {@code history}. */
    private static List<String> toolOutputs(List<Map<String, Object>> history, List<Map<String, Object>> input) {
        List<String> outputs = new ArrayList<>();
        for (Map<String, Object> item : input) {
            if (!"function_call_output".equals(item.get("type"))) {
                continue;
            }
            Object callId = item.get("call_id");
            boolean called = history.stream()
                    .anyMatch(h -> "function_call".equals(h.get("type"))
                            && h.get("call_id").equals(callId));
            if (!called) {
                throw ApiError.invalid(
                                "No tool call found for function call output with call_id " + callId + ".",
                                "input",
                                null)
                        .toException();
            }
            outputs.add(String.valueOf(item.get("output")));
        }
        return outputs;
    }

    private List<Map<String, Object>> previous(String responseId) {
        ResponseRun previous = responses.get(responseId);
        if (previous == null) {
            throw ApiError.invalid(
                            "Previous response with id '" + responseId + "' not found.",
                            "previous_response_id",
                            "previous_response_not_found")
                    .toException();
        }
        List<Map<String, Object>> items = new ArrayList<>(previous.input);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> output =
                (List<Map<String, Object>>) previous.toJson().get("output");
        items.addAll(output);
        return items;
    }

    private static String conversationId(JsonNode conversation) {
        if (conversation.isMissingNode() || conversation.isNull()) {
            return null;
        }
        return conversation.isString() ? conversation.asString() : Json.text(conversation, "id");
    }

    private static void awaitTerminal(ResponseRun run) {
        try {
            run.log.awaitClosed(Long.MAX_VALUE / 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
