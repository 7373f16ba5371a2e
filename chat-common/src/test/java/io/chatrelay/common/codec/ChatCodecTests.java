package io.chatrelay.common.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.common.ChatFixtures;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.common.wire.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;

/** Pins the exact JSON of every wire record to a golden file, in both directions. */
class ChatCodecTests {

    private final ChatCodec codec = ChatCodec.instance();

    static Stream<Arguments> events() {
        return ChatFixtures.oneOfEachEvent().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void writesEachEventExactlyAsItsGoldenFile(String wireName, ChatEvent event) throws IOException {
        assertThat(codec.toJson(event)).isEqualTo(golden("event-" + wireName + ".json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void readsEachGoldenEventBackToTheSameRecord(String wireName, ChatEvent event) throws IOException {
        assertThat(codec.readEvent(golden("event-" + wireName + ".json"))).isEqualTo(event);
    }

    @Test
    void everyEventTypeHasAGoldenExample() {
        assertThat(ChatFixtures.oneOfEachEvent().keySet())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(EventType.values())
                        .map(EventType::wireName)
                        .toList());
    }

    @Test
    void writesChatRequestExactlyAsItsGoldenFile() throws IOException {
        assertThat(codec.toJson(ChatFixtures.aChatRequest())).isEqualTo(golden("chat-request.json"));
        assertThat(codec.readRequest(golden("chat-request.json").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ChatFixtures.aChatRequest());
    }

    @Test
    void writesAssistantProfileExactlyAsItsGoldenFile() throws IOException {
        assertThat(codec.toJson(ChatFixtures.aResponsesProfile())).isEqualTo(golden("profile-responses.json"));
        assertThat(codec.readProfile(golden("profile-responses.json"))).isEqualTo(ChatFixtures.aResponsesProfile());
    }

    @Test
    void readsSeedPlainAssistantIdAsAssistantsProfile() {
        AssistantProfile profile = codec.readProfile("asst_abc123\n");

        assertThat(profile.engine()).isEqualTo(Engine.ASSISTANTS);
        assertThat(profile.assistantId()).isEqualTo("asst_abc123");
    }

    @Test
    void toleratesUnknownFieldsAndMissingReplayCount() {
        String fromNewerWriter = """
                {"schema_version":2,"request_id":"r1","conversation_id":"c1","company_slug":"acme",\
                "message":"hi","accepted_at":"2026-11-27T10:15:30Z","priority":"high"}""";

        ChatRequest request = codec.readRequest(fromNewerWriter.getBytes(StandardCharsets.UTF_8));

        assertThat(request.schemaVersion()).isEqualTo(2);
        assertThat(request.replayCount()).isZero();
        assertThat(request.metadata()).isEmpty();
    }

    @Test
    void rejectsRequestWithoutRequiredFields() {
        byte[] noMessage = """
                {"request_id":"r1","conversation_id":"c1","company_slug":"acme","accepted_at":"2026-11-27T10:15:30Z"}""".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.readRequest(noMessage))
                .isInstanceOf(JacksonException.class)
                .hasRootCauseInstanceOf(NullPointerException.class)
                .hasRootCauseMessage("message");
    }

    @Test
    void rejectsMalformedJson() {
        assertThatThrownBy(() -> codec.readEvent("{\"type\":\"completed\",")).isInstanceOf(JacksonException.class);
    }

    @Test
    void replayedRequestCountsReplays() {
        assertThat(ChatFixtures.aChatRequest().replayed().replayed().replayCount())
                .isEqualTo(2);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ChatCodecTests.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
