package io.chatrelay.sim.responses;

import io.chatrelay.sim.SimModel;
import io.chatrelay.sim.http.ApiError;
import io.chatrelay.sim.responses.wire.Item;
import io.chatrelay.sim.responses.wire.PassedItem;
import java.util.ArrayList;
import java.util.List;

/**
 * What a new response sees: the items before it and its input, what the user said last, and what it reads.
 *
 * @param toolOutputs the outputs the input hands back, each answering a function call already seen
 * @param latestUserText the text of the newest user message, directives included
 * @param userTurns how many user messages there are
 * @param inputTokens the tokens the response reads: the instructions, and each item with its overhead
 */
record History(List<String> toolOutputs, String latestUserText, int userTurns, long inputTokens) {

    static History of(List<Item> before, CreateRequest request) {
        List<Item> items = new ArrayList<>(before);
        List<String> toolOutputs = toolOutputs(items, request.input());
        items.addAll(request.input());
        String latestUserText = "";
        int userTurns = 0;
        long inputTokens = SimModel.tokens(request.instructions());
        for (Item item : items) {
            String text = Items.text(item);
            inputTokens += SimModel.tokens(text) + 4;
            if (Items.isUserMessage(item)) {
                userTurns++;
                latestUserText = text;
            }
        }
        return new History(toolOutputs, latestUserText, userTurns, inputTokens);
    }

    /** The outputs {@code input} hands back; each must answer a function call already in {@code history}. */
    private static List<String> toolOutputs(List<Item> history, List<Item> input) {
        List<String> outputs = new ArrayList<>();
        for (Item item : input) {
            if (!(item instanceof PassedItem output) || !"function_call_output".equals(output.type())) {
                continue;
            }
            Object callId = output.get("call_id");
            if (history.stream().noneMatch(h -> Items.isCall(h, callId))) {
                throw ApiError.invalid(
                                "No tool call found for function call output with call_id " + callId + ".",
                                "input",
                                null)
                        .toException();
            }
            outputs.add(String.valueOf(output.get("output")));
        }
        return outputs;
    }
}
