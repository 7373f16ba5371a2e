package io.chatrelay.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FunctionHandlersTests {

    private static final FunctionHandlers HANDLERS =
            new FunctionHandlers(List.of(handler("echo", FunctionCall::arguments), handler("broken", call -> {
                throw new IllegalStateException("secret detail");
            })));

    @Test
    void answersEveryCallInOrder() {
        FunctionHandlers.Answer answer = HANDLERS.answer(List.of(call("echo", "{\"a\":1}"), call("echo", "{}")), 0);

        assertThat(answer).isEqualTo(new FunctionHandlers.Answer.Outputs(List.of("{\"a\":1}", "{}")));
    }

    @Test
    void refusesAnUnservedCallWithoutRunningAnyHandler() {
        FunctionHandlers.Answer answer = HANDLERS.answer(List.of(call("echo", "{}"), call("missing", "{}")), 0);

        assertThat(answer)
                .isInstanceOfSatisfying(
                        FunctionHandlers.Answer.Refused.class,
                        r -> assertThat(r.outcome().code()).isEqualTo("unsupported_tool_call"));
    }

    @Test
    void aFailingHandlerFailsTheTurnWithoutItsMessage() {
        FunctionHandlers.Answer answer = HANDLERS.answer(List.of(call("broken", "{}")), 0);

        assertThat(answer).isInstanceOfSatisfying(FunctionHandlers.Answer.Refused.class, r -> {
            assertThat(r.outcome().code()).isEqualTo("function_call_failed");
            assertThat(r.outcome().message()).doesNotContain("secret detail");
        });
    }

    @Test
    void stopsACallingLoop() {
        FunctionHandlers.Answer answer = HANDLERS.answer(List.of(call("echo", "{}")), FunctionHandlers.MAX_ROUNDS);

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

    private static FunctionCall call(String name, String arguments) {
        return new FunctionCall("req-1", "acme", name, arguments);
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
}
