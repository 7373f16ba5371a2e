package io.chatrelay.sim.responses.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * An event of a response's stream; {@code type} names it and {@code sequence_number} is its place in the stream,
 * from 0.
 */
@JsonPropertyOrder({"type"})
public sealed interface ResponseStreamEvent {

    String type();

    int sequenceNumber();

    /** {@code response.created}, {@code .queued}, {@code .in_progress} and the terminal ones: the response as it is. */
    record ResponseEvent(String type, ResponseObject response, int sequenceNumber) implements ResponseStreamEvent {}

    /** {@code response.output_item.added} and {@code .done}. */
    record OutputItemEvent(String type, int outputIndex, Item item, int sequenceNumber)
            implements ResponseStreamEvent {}

    /** {@code response.content_part.added} and {@code .done}. */
    record ContentPartEvent(
            String type,
            String itemId,
            int outputIndex,
            int contentIndex,
            ContentPart.OutputText part,
            int sequenceNumber)
            implements ResponseStreamEvent {}

    /** {@code response.output_text.delta}: the next words of the answer. */
    record OutputTextDelta(String itemId, int outputIndex, int contentIndex, String delta, int sequenceNumber)
            implements ResponseStreamEvent {

        @Override
        @JsonProperty
        public String type() {
            return "response.output_text.delta";
        }

        @JsonProperty
        List<Object> logprobs() {
            return List.of();
        }
    }

    /** {@code response.output_text.done}: the whole answer. */
    record OutputTextDone(String itemId, int outputIndex, int contentIndex, String text, int sequenceNumber)
            implements ResponseStreamEvent {

        @Override
        @JsonProperty
        public String type() {
            return "response.output_text.done";
        }

        @JsonProperty
        List<Object> logprobs() {
            return List.of();
        }
    }

    /** {@code response.function_call_arguments.done}: the arguments of a function call, whole. */
    record FunctionCallArgumentsDone(String itemId, int outputIndex, String name, String arguments, int sequenceNumber)
            implements ResponseStreamEvent {

        @Override
        @JsonProperty
        public String type() {
            return "response.function_call_arguments.done";
        }
    }
}
