package io.chatrelay.worker.engine.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponse;
import io.chatrelay.common.wire.Usage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-sent events of a response read from raw bytes, and the few fields the turn keeps of each. */
class ResponseStreamTests {

    private static final String CREATED = """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response",\
            "status":"queued","output":[],"metadata":{"chatrelay_request_id":"req_1"},"usage":null}}

            """;

    @Test
    void readsTheEventsOfATextAnswerKeepingOnlyWhatTheTurnUses() {
        String completed = """
                event: response.completed
                data: {"sequence_number":9,"response":{"usage":{"input_tokens":10,"output_tokens":6,\
                "total_tokens":16,"output_tokens_details":{"reasoning_tokens":0}},"output":[{"id":"rs_1",\
                "type":"reasoning","summary":[]},{"content":[{"annotations":[],"text":"Hello ","type":"output_text"},\
                {"type":"refusal","refusal":"no"},{"type":"output_text","text":"world"}],"type":"message",\
                "role":"assistant"}],"status":"completed","id":"resp_1"},"type":"response.completed"}

                """;
        List<StreamEvent> events = readAll(CREATED
                + ": a comment\n\n"
                + "event: response.in_progress\ndata: {\"type\":\"response.in_progress\",\"sequence_number\":1}\n\n"
                + "event: response.output_text.delta\r\n"
                + "data: {\"type\":\"response.output_text.delta\",\"sequence_number\":4,\"delta\":\"Hel\\u00e9\","
                + "\"logprobs\":[],\"obfuscation\":\"xyz\"}\r\n\r\n"
                + completed);

        assertThat(events)
                .containsExactly(
                        new StreamEvent.Created(0, "resp_1"),
                        new StreamEvent.Other(1),
                        new StreamEvent.TextDelta(4, "Helé"),
                        new StreamEvent.Ended(
                                9,
                                new ResponseSummary(
                                        "resp_1",
                                        "completed",
                                        "Hello world",
                                        List.of(),
                                        new Usage(10, 6, 16),
                                        null,
                                        null)));
    }

    @Test
    void keepsTheFunctionCallsAndTheErrorOfAResponse() {
        ResponseSummary response = ResponseJson.response(("""
                {"id":"resp_2","status":"failed","error":{"code":"server_error","message":"Boom"},"output":[
                {"type":"function_call","id":"fc_1","call_id":"call_1","name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}",
                "status":"completed"}],"usage":null}""").getBytes(StandardCharsets.UTF_8));

        assertThat(response)
                .isEqualTo(new ResponseSummary(
                        "resp_2",
                        "failed",
                        "",
                        List.of(new ResponseSummary.FunctionCallItem("call_1", "weather", "{\"city\":\"Oslo\"}")),
                        null,
                        "server_error",
                        "Boom"));
        assertThat(response.terminal()).isTrue();
    }

    @Test
    void readsBothShapesOfAnErrorEvent() {
        List<StreamEvent> events = readAll("""
                data: {"type":"error","sequence_number":2,"code":"server_error","message":"Flat","param":null}

                data: {"type":"error","sequence_number":3,"error":{"type":"insufficient_quota",\
                "code":"insufficient_quota","message":"Nested","param":null}}

                """);

        assertThat(events)
                .containsExactly(
                        new StreamEvent.Error(2, "server_error", "Flat"),
                        new StreamEvent.Error(3, "insufficient_quota", "Nested"));
    }

    @Test
    void readsAnEventLargerThanItsBufferAndDataSplitOverLines() {
        String text = "x".repeat(50_000);
        List<StreamEvent> events = readAll("data: {\"type\":\"response.output_text.delta\",\n"
                + "data: \"sequence_number\":5,\"delta\":\"" + text + "\"}\n\n");

        assertThat(events).containsExactly(new StreamEvent.TextDelta(5, text));
    }

    @Test
    void replaysTheEventsReadWhileWaitingForTheResponseToBeNamed() {
        ResponseStream stream =
                new ResponseStream(response("data: {\"type\":\"response.queued\",\"sequence_number\":0}\n\n"
                        + CREATED.replace("\"sequence_number\":0", "\"sequence_number\":1")));

        assertThat(stream.awaitCreated()).isEqualTo("resp_1");
        assertThat(stream.next()).isEqualTo(new StreamEvent.Other(0));
        assertThat(stream.next()).isEqualTo(new StreamEvent.Created(1, "resp_1"));
        assertThat(stream.next()).isNull();
    }

    @Test
    void failsAsIoWhenTheStreamEndsOrBreaksBeforeTheResponseIsNamed() {
        ResponseStream ended =
                new ResponseStream(response("data: {\"type\":\"response.queued\",\"sequence_number\":0}\n\n"));
        assertThatThrownBy(ended::awaitCreated)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("ended before it named the response");

        InputStream broken = new SequenceInputStream(
                new ByteArrayInputStream("data: {\"type\":\"response.queued\"}\n\n".getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });
        assertThatThrownBy(() -> new ResponseStream(response(broken)).awaitCreated())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("broke before it named the response")
                .hasMessageContaining("connection reset");
    }

    private static List<StreamEvent> readAll(String body) {
        List<StreamEvent> events = new ArrayList<>();
        try (ResponseStream stream = new ResponseStream(response(body))) {
            StreamEvent event;
            while ((event = stream.next()) != null) {
                events.add(event);
            }
        }
        return events;
    }

    private static HttpResponse response(String body) {
        return response(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse response(InputStream body) {
        return new HttpResponse() {
            @Override
            public int statusCode() {
                return 200;
            }

            @Override
            public Headers headers() {
                return Headers.builder().build();
            }

            @Override
            public InputStream body() {
                return body;
            }

            @Override
            public void close() {}
        };
    }
}
