package io.chatrelay.sim.responses;

import io.chatrelay.sim.Counters;
import io.chatrelay.sim.SimContext;
import io.chatrelay.sim.faults.Directives;
import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Exchange;
import io.chatrelay.sim.responses.wire.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
        CreateRequest request = CreateRequest.parse(exchange.body());
        Conversation conversation =
                request.conversationId() == null ? null : conversations.find(request.conversationId());
        List<Item> before = conversation != null
                ? conversation.items()
                : request.previousResponseId() != null ? previous(request.previousResponseId()) : List.of();
        History history = History.of(before, request);
        Directives directives = Directives.parse(history.latestUserText(), request.metadata());
        String faultKey =
                "responses|" + request.conversationId() + "|" + history.latestUserText() + "|" + request.metadata();
        SimContext.Directed directed = context.direct(
                exchange,
                directives,
                history.toolOutputs().isEmpty() ? Directives.FailOn.CREATE : Directives.FailOn.OUTPUTS,
                faultKey);
        if (directed == SimContext.Directed.ANSWERED) {
            return;
        }

        ResponseRun run = new ResponseRun(
                request,
                conversation,
                ResponseScript.of(context, request, history, directives),
                context.timings(),
                exchange.receivedNanos());
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
        context.counters().count(Counters.Kind.RESPONSES, scope, request.metadata());
        request.input().stream()
                .filter(Items::isUserMessage)
                .forEach(item -> context.counters().count(Counters.Kind.MESSAGES, scope, request.metadata()));

        Thread.ofVirtual().name(run.id).start(run::run);
        if (directed == SimContext.Directed.STREAM_CUT && request.stream()) {
            exchange.cutStream();
        } else if (directed != SimContext.Directed.NONE) {
            exchange.abort();
        } else if (request.stream()) {
            int cut = directives.cutStreamAfter() != null
                    ? directives.cutStreamAfter()
                    : context.faults().cutStreamAfter();
            run.stream.follow(exchange.sse(), 0, cut);
        } else if (request.background()) {
            exchange.json(200, run.snapshot());
        } else {
            awaitTerminal(run);
            exchange.json(200, run.snapshot());
        }
    }

    private void retrieve(Exchange exchange, ResponseRun run) {
        if (!"true".equals(exchange.query("stream"))) {
            exchange.json(200, run.snapshot());
            return;
        }
        if (!run.request.background()) {
            throw ApiError.invalid(
                            "This response cannot be streamed because it was not created with background=true.",
                            "stream",
                            "invalid_request_error")
                    .toException();
        }
        String startingAfter = exchange.query("starting_after");
        int from = startingAfter == null ? 0 : Integer.parseInt(startingAfter) + 1;
        run.stream.follow(exchange.sse(), from, 0);
    }

    private void cancel(Exchange exchange, ResponseRun run) {
        if (!run.request.background()) {
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
                    .count(
                            Counters.Kind.CANCELS,
                            run.conversation == null ? null : run.conversation.id,
                            run.request.metadata());
        }
        exchange.json(200, run.snapshot());
    }

    /** The items of a previous response: its input, then its output. */
    private List<Item> previous(String responseId) {
        ResponseRun previous = responses.get(responseId);
        if (previous == null) {
            throw ApiError.invalid(
                            "Previous response with id '" + responseId + "' not found.",
                            "previous_response_id",
                            "previous_response_not_found")
                    .toException();
        }
        List<Item> items = new ArrayList<>(previous.request.input());
        items.addAll(previous.snapshot().output());
        return items;
    }

    private static void awaitTerminal(ResponseRun run) {
        try {
            run.stream.awaitEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
