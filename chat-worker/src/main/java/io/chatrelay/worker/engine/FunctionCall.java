package io.chatrelay.worker.engine;

/**
 * One call of a function tool by the model.
 *
 * @param requestId our request the call belongs to
 * @param companySlug the company the request came from
 * @param name the function's name
 * @param arguments the arguments as the model wrote them, a JSON object in text
 */
public record FunctionCall(String requestId, String companySlug, String name, String arguments) {}
