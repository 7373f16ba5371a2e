package io.chatrelay.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.worker.retry.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FunctionHandlersTests {

    private final List<String> handled = new ArrayList<>();
    private final FunctionHandlers handlers = new FunctionHandlers(List.of(
            handler("echo", call -> {
                handled.add(call.arguments());
                return call.arguments();
            }),
            handler("broken", call -> {
                throw new IllegalStateException("secret detail");
            })));
    private final Checkpoints checkpoints = new Checkpoints();
    private final Turn turn = new Turn(
            ChatRequest.of("req-1", "conv-1", "acme", "Weather?", Map.of(), Instant.now()),
            AssistantProfile.responses("gpt-sim", null),
            checkpoints,
            new Turn.StopSignal() {
                @Override
                public Optional<StopReason> reason() {
                    return Optional.empty();
                }

                @Override
                public void onStop(AutoCloseable interrupt) {}
            });

    @Test
    void answersEveryCallInOrderAndRecordsTheRoundDurablyBeforeHandingItBack() {
        FunctionHandlers.Answer answer = handlers.answer(
                turn, "resp_1", "Let me look. ", List.of(call("a", "echo", "{\"a\":1}"), call("b", "echo", "{}")));

        FunctionRound expected = new FunctionRound(
                "resp_1",
                0,
                "Let me look. ",
                List.of(new FunctionRound.Output("a", "{\"a\":1}"), new FunctionRound.Output("b", "{}")));
        assertThat(answer).isEqualTo(new FunctionHandlers.Answer.Outputs(expected));
        assertThat(checkpoints.durable).isTrue();
        assertThat(FunctionRound.recorded(checkpoints)).contains(expected);
    }

    @Test
    void answersCallsARecordedRoundAnsweredWithItsOutputsWithoutRunningTheHandlersAgain() {
        handlers.answer(turn, "resp_1", "", List.of(call("a", "echo", "{}")));

        FunctionHandlers.Answer again = handlers.answer(turn, "resp_1", "", List.of(call("a", "echo", "{}")));

        assertThat(handled).hasSize(1);
        assertThat(again)
                .isInstanceOfSatisfying(
                        FunctionHandlers.Answer.Outputs.class,
                        outputs -> assertThat(outputs.round().round()).isZero());
    }

    @Test
    void countsRoundsOnFromTheLastRecordedOne() {
        handlers.answer(turn, "resp_1", "", List.of(call("a", "echo", "{}")));

        FunctionHandlers.Answer next = handlers.answer(turn, "resp_2", "", List.of(call("b", "echo", "{}")));

        assertThat(next)
                .isInstanceOfSatisfying(
                        FunctionHandlers.Answer.Outputs.class,
                        outputs -> assertThat(outputs.round().round()).isEqualTo(1));
    }

    @Test
    void refusesAnUnservedCallWithoutRunningAnyHandler() {
        FunctionHandlers.Answer answer =
                handlers.answer(turn, "resp_1", "", List.of(call("a", "echo", "{}"), call("b", "missing", "{}")));

        assertThat(answer)
                .isInstanceOfSatisfying(
                        FunctionHandlers.Answer.Refused.class,
                        r -> assertThat(r.outcome().code()).isEqualTo("unsupported_tool_call"));
        assertThat(handled).isEmpty();
    }

    @Test
    void aFailingHandlerFailsTheTurnWithoutItsMessage() {
        FunctionHandlers.Answer answer = handlers.answer(turn, "resp_1", "", List.of(call("a", "broken", "{}")));

        assertThat(answer).isInstanceOfSatisfying(FunctionHandlers.Answer.Refused.class, r -> {
            assertThat(r.outcome().code()).isEqualTo("function_call_failed");
            assertThat(r.outcome().message()).doesNotContain("secret detail");
        });
        assertThat(FunctionRound.recorded(checkpoints)).isEmpty();
    }

    @Test
    void stopsACallingLoop() {
        for (int round = 0; round < FunctionHandlers.MAX_ROUNDS; round++) {
            handlers.answer(turn, "resp_" + round, "", List.of(call("call_" + round, "echo", "{}")));
        }

        FunctionHandlers.Answer answer = handlers.answer(turn, "resp_last", "", List.of(call("last", "echo", "{}")));

        assertThat(answer)
                .isInstanceOfSatisfying(
                        FunctionHandlers.Answer.Refused.class,
                        r -> assertThat(r.outcome().code()).isEqualTo("function_call_loop"));
    }

    @Test
    void twoHandlersOfOneNameAreAnError() {
        assertThatThrownBy(() -> new FunctionHandlers(List.of(handler("x", c -> ""), handler("x", c -> ""))))
                .hasMessageContaining("'x'");
    }

    private static FunctionHandlers.PendingCall call(String callId, String name, String arguments) {
        return new FunctionHandlers.PendingCall(callId, name, arguments);
    }

    private static FunctionHandler handler(String name, Function<FunctionCall, String> body) {
        return new FunctionHandler() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String handle(FunctionCall call) {
                return body.apply(call);
            }
        };
    }

    /** Checkpoints in memory; {@code durable} tells whether the last one was made durable. */
    private static final class Checkpoints implements Turn.Progress {
        final Map<Checkpoint, String> values = new EnumMap<>(Checkpoint.class);
        boolean durable;

        @Override
        public Optional<String> checkpoint(Checkpoint which) {
            return Optional.ofNullable(values.get(which));
        }

        @Override
        public void checkpoint(Checkpoint which, String value) {
            values.put(which, value);
            durable = false;
        }

        @Override
        public Optional<String> boundThread() {
            return Optional.empty();
        }

        @Override
        public void threadBound(String threadId, boolean created) {}

        @Override
        public void flush() {}

        @Override
        public void creating() {
            values.put(Checkpoint.CREATE_ATTEMPTED, "true");
            durable = true;
        }

        @Override
        public void started(String runId) {}

        @Override
        public void textSoFar(String text) {}

        @Override
        public void retrying(int attempt, Duration delay, Verdict.Transient verdict) {}
    }
}
