package io.chatrelay.worker.engine.responses;

import io.chatrelay.common.wire.Usage;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads stream events and Response objects with Jackson's streaming parser, keeping only the handful of fields the
 * turn uses and skipping the rest unread into objects. Field order does not matter. Parsing every event into the
 * SDK's typed model was about half of the worker's CPU.
 */
final class ResponseJson {

    private static final JsonFactory JSON = new JsonFactory();

    private ResponseJson() {}

    /** One stream event's {@code data}. */
    static StreamEvent event(byte[] data, int length) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), data, 0, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new StreamEvent.Other(-1);
            }
            String type = "";
            long sequence = -1;
            String delta = null;
            ResponseSummary response = null;
            String[] error = {null, null};
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "type" -> type = string(parser, token, "");
                    case "sequence_number" ->
                        sequence = token == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : sequence;
                    case "delta" -> delta = string(parser, token, null);
                    case "response" -> response = token == JsonToken.START_OBJECT ? response(parser) : null;
                    case "code" -> error[0] = string(parser, token, null);
                    case "message" -> error[1] = string(parser, token, null);
                    // The nested shape a live stream used: {"type":"error","error":{"code":…,"message":…}}.
                    case "error" -> {
                        if (token == JsonToken.START_OBJECT) {
                            error = codeAndMessage(parser);
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            return switch (type) {
                case "response.created" ->
                    response == null
                            ? new StreamEvent.Other(sequence)
                            : new StreamEvent.Created(sequence, response.id());
                case "response.output_text.delta" ->
                    delta == null ? new StreamEvent.Other(sequence) : new StreamEvent.TextDelta(sequence, delta);
                case "response.completed", "response.incomplete", "response.failed", "response.cancelled" ->
                    response == null ? new StreamEvent.Other(sequence) : new StreamEvent.Ended(sequence, response);
                case "error" -> new StreamEvent.Error(sequence, error[0], error[1]);
                default -> new StreamEvent.Other(sequence);
            };
        }
    }

    /** The {@code id} of an object (a created conversation), read without the rest. */
    static String id(byte[] json) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                String name;
                while ((name = parser.nextName()) != null) {
                    JsonToken token = parser.nextToken();
                    if (name.equals("id") && token == JsonToken.VALUE_STRING) {
                        return parser.getString();
                    }
                    parser.skipChildren();
                }
            }
        }
        throw new IllegalArgumentException("The answer names no id");
    }

    /** A Response object, as a retrieve answers it. */
    static ResponseSummary response(byte[] json) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("A response must be a JSON object");
            }
            return response(parser);
        }
    }

    /** Reads a Response object whose START_OBJECT was just read. */
    private static ResponseSummary response(JsonParser parser) {
        String id = null;
        String status = "unknown";
        StringBuilder text = new StringBuilder();
        List<ResponseSummary.FunctionCallItem> calls = new ArrayList<>();
        Usage usage = null;
        String[] error = {null, null};
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken token = parser.nextToken();
            switch (name) {
                case "id" -> id = string(parser, token, null);
                case "status" -> status = string(parser, token, status);
                case "output" -> {
                    if (token == JsonToken.START_ARRAY) {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            outputItem(parser, text, calls);
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                case "usage" -> usage = token == JsonToken.START_OBJECT ? usage(parser) : null;
                case "error" -> {
                    if (token == JsonToken.START_OBJECT) {
                        error = codeAndMessage(parser);
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new ResponseSummary(id, status, text.toString(), calls, usage, error[0], error[1]);
    }

    /** One output item: a message's output text goes to {@code text}, a function call to {@code calls}. */
    private static void outputItem(
            JsonParser parser, StringBuilder text, List<ResponseSummary.FunctionCallItem> calls) {
        String type = "";
        String callId = null;
        String function = null;
        String arguments = null;
        StringBuilder content = new StringBuilder();
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken token = parser.nextToken();
            switch (name) {
                case "type" -> type = string(parser, token, "");
                case "call_id" -> callId = string(parser, token, null);
                case "name" -> function = string(parser, token, null);
                case "arguments" -> arguments = string(parser, token, null);
                case "content" -> {
                    if (token == JsonToken.START_ARRAY) {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            outputText(parser, content);
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (type.equals("message")) {
            text.append(content);
        } else if (type.equals("function_call")) {
            calls.add(new ResponseSummary.FunctionCallItem(callId, function, arguments == null ? "" : arguments));
        }
    }

    /** One content part of a message: its text counts when it is {@code output_text}. */
    private static void outputText(JsonParser parser, StringBuilder content) {
        String type = "";
        String text = "";
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken token = parser.nextToken();
            switch (name) {
                case "type" -> type = string(parser, token, "");
                case "text" -> text = string(parser, token, "");
                default -> parser.skipChildren();
            }
        }
        if (type.equals("output_text")) {
            content.append(text);
        }
    }

    private static Usage usage(JsonParser parser) {
        long input = 0;
        long output = 0;
        long total = 0;
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken token = parser.nextToken();
            long value = token == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : 0;
            switch (name) {
                case "input_tokens" -> input = value;
                case "output_tokens" -> output = value;
                case "total_tokens" -> total = value;
                default -> parser.skipChildren();
            }
        }
        return new Usage(input, output, total);
    }

    private static String[] codeAndMessage(JsonParser parser) {
        String[] codeAndMessage = {null, null};
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken token = parser.nextToken();
            switch (name) {
                case "code" -> codeAndMessage[0] = string(parser, token, null);
                case "message" -> codeAndMessage[1] = string(parser, token, null);
                default -> parser.skipChildren();
            }
        }
        return codeAndMessage;
    }

    /** The current value when it is a string; else {@code otherwise}, skipping the value. */
    private static String string(JsonParser parser, JsonToken token, String otherwise) {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        parser.skipChildren();
        return otherwise;
    }
}
