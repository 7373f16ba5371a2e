package io.chatrelay.worker.engine;

/**
 * Serves one function tool the model may call. Declare an implementation as a bean and both engines answer the
 * model's calls of {@link #name()} with its output and let the turn go on; a call no handler serves fails the
 * request with {@code unsupported_tool_call}.
 *
 * <p>A round's outputs are recorded before they are handed back, so a request taken up again sends them without
 * running the handlers again. Only a worker that stops while a handler runs, before its round is recorded, runs that
 * handler again on redelivery: handlers should still be idempotent.
 */
public interface FunctionHandler {

    /** The function's name as the model calls it. */
    String name();

    /**
     * Answers one call; the returned text (usually JSON) goes back to the model as the function's output. An
     * exception fails the request with {@code function_call_failed}.
     */
    String handle(FunctionCall call);
}
