package io.chatrelay.sim.assistants;

import io.chatrelay.sim.Counters;
import io.chatrelay.sim.SimContext;
import io.chatrelay.sim.assistants.wire.MessageObject;
import io.chatrelay.sim.faults.Directives;
import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Exchange;
import io.chatrelay.sim.http.Ids;
import io.chatrelay.sim.http.Json;
import io.chatrelay.sim.http.ListPage;
import io.chatrelay.sim.http.ListQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code /v1/threads/{id}/messages}: add a user message (not while a run is active), list messages with cursors. */
final class MessagesApi {

    private final SimContext context;

    MessagesApi(SimContext context) {
        this.context = context;
    }

    void create(Exchange exchange, SimThread thread) {
        Run active = thread.active();
        if (active != null) {
            throw ApiError.invalid(
                            "Can't add messages to " + thread.id + " while a run " + active.id + " is active.",
                            null,
                            null)
                    .toException();
        }
        MessageObject message = userMessage(thread, exchange.body());
        Map<String, String> metadata = message.metadata();
        String text = message.text();
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

    void list(Exchange exchange, SimThread thread) {
        int limit = ListQuery.limit(exchange);
        List<MessageObject> messages = new ArrayList<>(thread.messages());
        String runId = exchange.query("run_id");
        if (runId != null) {
            messages.removeIf(m -> !runId.equals(m.runId()));
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
        List<MessageObject> page = messages.subList(start, Math.min(end, start + limit));
        boolean hasMore = start + page.size() < end || (before != null && start > 0);
        exchange.json(200, ListPage.of(page, MessageObject::id, hasMore));
    }

    /** A message a client adds, to a thread or with a run: {@code role} user or assistant, text or text parts. */
    static MessageObject userMessage(SimThread thread, JsonNode body) {
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
        return MessageObject.of(
                Ids.next("msg"),
                thread.id,
                role,
                Json.contentText(content),
                "completed",
                null,
                null,
                Json.metadata(body),
                Ids.nowSeconds());
    }

    private static int indexOf(List<MessageObject> messages, String id) {
        for (int i = 0; i < messages.size(); i++) {
            if (id.equals(messages.get(i).id())) {
                return i;
            }
        }
        return -1;
    }
}
