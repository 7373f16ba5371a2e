package io.chatrelay.sim.responses;

import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.http.Exchange;
import io.chatrelay.sim.http.Ids;
import io.chatrelay.sim.http.Json;
import io.chatrelay.sim.http.ListPage;
import io.chatrelay.sim.http.ListQuery;
import io.chatrelay.sim.responses.wire.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** {@code /v1/conversations}: create, retrieve, add items, list items. */
public final class ConversationsApi {

    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();

    Conversation find(String id) {
        Conversation conversation = conversations.get(id);
        if (conversation == null) {
            throw ApiError.notFound("Conversation with id '" + id + "' not found.")
                    .toException();
        }
        return conversation;
    }

    public void reset() {
        conversations.clear();
    }

    /** Handles {@code /v1/conversations[/{id}[/items]]}; segments start after {@code v1}. */
    public void handle(Exchange exchange, List<String> path) {
        String method = exchange.method();
        if (path.size() == 1 && method.equals("POST")) {
            create(exchange);
        } else if (path.size() == 2 && method.equals("GET")) {
            exchange.json(200, find(path.get(1)).snapshot());
        } else if (path.size() == 3 && path.get(2).equals("items") && method.equals("POST")) {
            addItems(exchange, find(path.get(1)));
        } else if (path.size() == 3 && path.get(2).equals("items") && method.equals("GET")) {
            listItems(exchange, find(path.get(1)));
        } else {
            throw ApiError.notFound("Invalid URL (" + method + " " + exchange.path() + ")")
                    .toException();
        }
    }

    private void create(Exchange exchange) {
        JsonNode body = exchange.body();
        Conversation conversation = new Conversation(Ids.next("conv"), Ids.nowSeconds(), Json.metadata(body));
        JsonNode items = body.path("items");
        if (!items.isMissingNode() && !items.isNull()) {
            conversation.append(Items.fromInput(items, "items"));
        }
        conversations.put(conversation.id, conversation);
        exchange.json(200, conversation.snapshot());
    }

    private void addItems(Exchange exchange, Conversation conversation) {
        JsonNode items = exchange.body().path("items");
        if (items.isMissingNode() || items.isNull()) {
            throw ApiError.missing("items").toException();
        }
        if (!items.isArray() || items.isEmpty() || items.size() > 20) {
            throw ApiError.invalid("Invalid 'items': expected an array of 1 to 20 items.", "items", "invalid_value")
                    .toException();
        }
        List<Item> added = Items.fromInput(items, "items");
        conversation.append(added);
        exchange.json(200, ListPage.of(added, Item::id, false));
    }

    private void listItems(Exchange exchange, Conversation conversation) {
        int limit = ListQuery.limit(exchange);
        boolean ascending = ListQuery.ascending(exchange);
        List<Item> items = new ArrayList<>(conversation.items());
        if (!ascending) {
            items = items.reversed();
        }
        String after = exchange.query("after");
        int start = 0;
        if (after != null) {
            start = indexOf(items, after) + 1;
            if (start == 0) {
                throw ApiError.notFound("Item with id '" + after + "' not found.")
                        .toException();
            }
        }
        List<Item> page = items.subList(start, Math.min(items.size(), start + limit));
        exchange.json(200, ListPage.of(page, Item::id, start + limit < items.size()));
    }

    private static int indexOf(List<Item> items, String id) {
        for (int i = 0; i < items.size(); i++) {
            if (id.equals(items.get(i).id())) {
                return i;
            }
        }
        return -1;
    }
}
