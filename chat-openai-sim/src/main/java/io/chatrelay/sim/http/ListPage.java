package io.chatrelay.sim.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.function.Function;

/**
 * A list page as OpenAI answers it: {@code object}, {@code data}, {@code first_id}, {@code last_id}, {@code has_more}.
 *
 * @param data the page's objects, in the order asked for
 * @param firstId the id of the first object, or {@code null} for an empty page
 * @param lastId the id of the last object, or {@code null} for an empty page
 * @param hasMore whether objects follow this page
 */
@JsonPropertyOrder({"object"})
public record ListPage<T>(List<T> data, String firstId, String lastId, boolean hasMore) {

    public static <T> ListPage<T> of(List<T> data, Function<? super T, String> id, boolean hasMore) {
        List<T> page = List.copyOf(data);
        return new ListPage<>(
                page,
                page.isEmpty() ? null : id.apply(page.getFirst()),
                page.isEmpty() ? null : id.apply(page.getLast()),
                hasMore);
    }

    @JsonProperty
    String object() {
        return "list";
    }
}
