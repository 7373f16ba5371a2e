package io.chatrelay.worker.engine.responses;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.conversations.items.ConversationItem;
import com.openai.models.conversations.items.ItemListParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponsePrompt;
import com.openai.models.responses.ResponseRetrieveParams;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.common.wire.Usage;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.engine.FunctionCall;
import io.chatrelay.worker.engine.FunctionHandlers;
import io.chatrelay.worker.engine.NamedStream;
import io.chatrelay.worker.engine.Outcome;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.UpstreamRetry;
import io.chatrelay.worker.upstream.OpenAiProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a turn as a background response in the request's upstream conversation, followed over its event stream;
 * a dropped stream resumes with {@code starting_after}, and polling takes over when resuming keeps failing.
 */
public final class ResponsesEngine implements ChatEngine {

    /** How long a locked conversation is watched for the answer of a response an earlier attempt created. */
    private static final Duration LOCKED_WAIT = Duration.ofMinutes(2);

    private final OpenAIClient client;
    private final UpstreamRetry retry;
    private final OpenAiProperties properties;
    private final FunctionHandlers functions;

    public ResponsesEngine(
            OpenAIClient client, UpstreamRetry retry, OpenAiProperties properties, FunctionHandlers functions) {
        this.client = client;
        this.retry = retry;
        this.properties = properties;
        this.functions = functions;
    }

    @Override
    public Engine kind() {
        return Engine.RESPONSES;
    }

    @Override
    public Outcome run(Turn turn) {
        ChatRequest request = turn.request();
        String conversation = conversationOf(turn);
        turn.progress().threadBound(conversation);

        Chain first = new Chain(conversation, 0, "");
        Optional<String> knownResponse = turn.checkpoints().get(RequestStateFields.RUN_ID);
        if (knownResponse.isPresent()) {
            return follow(turn, first, knownResponse.get(), null, -1);
        }
        // A create may have reached the upstream without its answer reaching us: before this worker crashed between
        // creating the response and recording its id, or when the last attempt timed out, lost its connection, or
        // got a stream that broke before response.created named the response (NamedStream makes that a failure of
        // this step). The upstream has no idempotency key, so before asking again look for this turn's answer in the
        // conversation. While that response still runs, a second create is refused (conversation_locked); the
        // conversation gets the turn's items only when the response finishes, so from then on the conversation is
        // watched for the answer rather than asked again, which could land just after the first one finished.
        AtomicBoolean mayHaveBeenSent = new AtomicBoolean(
                turn.checkpoints().get(RequestStateFields.CREATE_ATTEMPTED).isPresent());
        turn.checkpoints().put(RequestStateFields.CREATE_ATTEMPTED, "true");
        Created created = retry.run("responses.create", turn.progress(), () -> {
            boolean retried = mayHaveBeenSent.getAndSet(true);
            if (retried) {
                Optional<String> answered = answeredTurn(turn, conversation, request.message());
                if (answered.isPresent()) {
                    return new Created.AlreadyAnswered(answered.get());
                }
            }
            try {
                return new Created.Streaming(NamedStream.awaitName(
                        client.responses()
                                .createStreaming(params(turn, conversation)
                                        .input(request.message())
                                        .build()),
                        ResponseStreamEvent::isCreated,
                        "response"));
            } catch (BadRequestException e) {
                if (!retried || e.code().filter("conversation_locked"::equals).isEmpty()) {
                    throw e;
                }
                return awaitAnswer(turn, conversation, request.message()).orElseThrow(() -> e);
            }
        });
        return switch (created) {
            case Created.AlreadyAnswered(String text) -> {
                turn.progress().textSoFar(text);
                yield new Outcome.Completed(null, text, null);
            }
            case Created.Streaming(StreamResponse<ResponseStreamEvent> stream) -> follow(turn, first, null, stream, -1);
        };
    }

    /** What asking for this turn's response gave: its stream, or the answer an earlier attempt already got. */
    private sealed interface Created {
        record Streaming(StreamResponse<ResponseStreamEvent> stream) implements Created {}

        record AlreadyAnswered(String text) implements Created {}
    }

    private String conversationOf(Turn turn) {
        String ours = turn.request().conversationId();
        if (ours.startsWith("conv_")) {
            return ours;
        }
        Optional<String> known = turn.threads().find(ours);
        if (known.isPresent()) {
            return known.get();
        }
        String created = retry.run(
                        "conversations.create",
                        turn.progress(),
                        () -> client.conversations().create())
                .id();
        return turn.threads().bind(ours, created);
    }

    /** A background response in {@code conversation} for this turn, still without its input. */
    private ResponseCreateParams.Builder params(Turn turn, String conversation) {
        AssistantProfile profile = turn.profile();
        ResponseCreateParams.Builder builder = ResponseCreateParams.builder()
                .conversation(conversation)
                .background(true)
                .metadata(ResponseCreateParams.Metadata.builder()
                        .putAdditionalProperty(
                                ChatEngine.REQUEST_ID_METADATA,
                                JsonValue.from(turn.request().requestId()))
                        .build());
        if (profile.promptId() != null) {
            builder.prompt(ResponsePrompt.builder().id(profile.promptId()).build());
        }
        if (profile.model() != null) {
            builder.model(profile.model());
        }
        if (profile.instructions() != null) {
            builder.instructions(profile.instructions());
        }
        for (Map.Entry<String, Object> option : profile.options().entrySet()) {
            builder.putAdditionalBodyProperty(option.getKey(), JsonValue.from(option.getValue()));
        }
        return builder;
    }

    /**
     * Follows the response to its end: over {@code stream} when given, else by resuming the stream after
     * {@code lastSeq}, and by polling when resuming keeps failing.
     */
    private Outcome follow(
            Turn turn, Chain chain, String knownId, StreamResponse<ResponseStreamEvent> first, long lastSeq) {
        StreamState state = new StreamState(knownId, lastSeq);
        if (knownId != null) {
            turn.progress().started(knownId);
        }
        StreamResponse<ResponseStreamEvent> stream = first;
        int resumes = 0;
        while (true) {
            if (stream != null) {
                Optional<Outcome> outcome = drain(turn, chain, stream, state);
                if (outcome.isPresent()) {
                    return outcome.get();
                }
            }
            if (turn.stop().reason().isPresent()) {
                return stop(turn, state.responseId);
            }
            if (state.responseId == null) {
                // Only the create that hands back function outputs gets here (the turn's first create is named
                // inside its retry): nothing marks that response as this turn's, so creating it again could answer
                // the functions twice.
                throw new IllegalStateException("response stream ended before the response was created");
            }
            if (resumes++ >= properties.streamResumes()) {
                return poll(turn, chain, state.responseId);
            }
            String id = state.responseId;
            long after = state.lastSeq;
            try {
                stream = client.responses()
                        .retrieveStreaming(
                                id,
                                ResponseRetrieveParams.builder()
                                        .startingAfter(after)
                                        .build());
            } catch (RuntimeException e) {
                stream = null;
            }
        }
    }

    /** Reads events until the stream ends; returns the outcome when a terminal event arrived. */
    private Optional<Outcome> drain(
            Turn turn, Chain chain, StreamResponse<ResponseStreamEvent> stream, StreamState state) {
        if (state.responseId != null) {
            turn.stop().onStop(stream);
        }
        try (stream) {
            for (ResponseStreamEvent event : (Iterable<ResponseStreamEvent>) stream.stream()::iterator) {
                state.lastSeq++;
                if (event.isCreated()) {
                    Response created = event.asCreated().response();
                    state.lastSeq = event.asCreated().sequenceNumber();
                    if (state.responseId == null) {
                        state.responseId = created.id();
                        turn.checkpoints().put(RequestStateFields.RUN_ID, created.id());
                        if (chain.round() == 0) {
                            turn.progress().started(created.id());
                        }
                        // Only now may a stop cut the stream: the response's id is safe for whoever resumes it.
                        turn.stop().onStop(stream);
                    }
                } else if (event.isOutputTextDelta()) {
                    state.lastSeq = event.asOutputTextDelta().sequenceNumber();
                    state.text.append(event.asOutputTextDelta().delta());
                    turn.progress().textSoFar(chain.textBefore() + state.text);
                } else if (event.isCompleted()) {
                    return Optional.of(conclude(turn, chain, event.asCompleted().response()));
                } else if (event.isIncomplete()) {
                    return Optional.of(
                            conclude(turn, chain, event.asIncomplete().response()));
                } else if (event.isFailed()) {
                    return Optional.of(conclude(turn, chain, event.asFailed().response()));
                } else if (event.isError() && state.responseId != null) {
                    return Optional.of(conclude(turn, chain, retrieve(turn, state.responseId)));
                }
            }
        } catch (RuntimeException e) {
            // A cut or failed stream: the caller resumes or polls.
        }
        return Optional.empty();
    }

    private Outcome poll(Turn turn, Chain chain, String responseId) {
        Duration wait = properties.pollInterval();
        while (true) {
            if (turn.stop().reason().isPresent()) {
                return stop(turn, responseId);
            }
            Response response = retrieve(turn, responseId);
            if (terminal(response)) {
                return conclude(turn, chain, response);
            }
            ChatEngine.pause(wait);
            wait = ChatEngine.nextPoll(wait);
        }
    }

    private Response retrieve(Turn turn, String responseId) {
        return retry.run(
                "responses.retrieve", turn.progress(), () -> client.responses().retrieve(responseId));
    }

    private Outcome stop(Turn turn, String responseId) {
        String reason = turn.stop().reason().orElseThrow();
        if (responseId != null && Outcome.stopsUpstream(reason)) {
            try {
                retry.run(
                        "responses.cancel",
                        turn.progress(),
                        () -> client.responses().cancel(responseId));
            } catch (RuntimeException e) {
                // Already finished or gone: there is nothing left to stop upstream.
            }
        }
        return Outcome.stopped(reason);
    }

    /** How the turn ends with {@code response}, or goes on with the outputs of the functions it called. */
    private Outcome conclude(Turn turn, Chain chain, Response response) {
        String status = response.status().map(ResponseStatus::asString).orElse("unknown");
        return switch (status) {
            case "completed", "incomplete" -> {
                List<ResponseFunctionToolCall> calls = response.output().stream()
                        .flatMap(item -> item.functionCall().stream())
                        .toList();
                String text = chain.textBefore() + textOf(response);
                yield calls.isEmpty()
                        ? new Outcome.Completed(response.id(), text, usageOf(response))
                        : answerCalls(turn, chain, text, calls);
            }
            case "cancelled" -> new Outcome.Cancelled("cancelled upstream");
            default ->
                new Outcome.Failed(
                        response.error().map(e -> e.code().asString()).orElse(status),
                        response.error().map(e -> e.message()).orElse("The response ended " + status),
                        FailureCategory.RUN_FAILED);
        };
    }

    /** Hands the handlers' outputs back in a new response and follows it, or fails the turn. */
    private Outcome answerCalls(Turn turn, Chain chain, String textSoFar, List<ResponseFunctionToolCall> calls) {
        ChatRequest request = turn.request();
        FunctionHandlers.Answer answer = functions.answer(
                calls.stream()
                        .map(call -> new FunctionCall(
                                request.requestId(), request.companySlug(), call.name(), call.arguments()))
                        .toList(),
                chain.round());
        if (!(answer instanceof FunctionHandlers.Answer.Outputs(List<String> outputs))) {
            return ((FunctionHandlers.Answer.Refused) answer).outcome();
        }
        List<ResponseInputItem> input = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                    .callId(calls.get(i).callId())
                    .output(outputs.get(i))
                    .build()));
        }
        StreamResponse<ResponseStreamEvent> stream = retry.run(
                "responses.create",
                turn.progress(),
                () -> client.responses()
                        .createStreaming(params(turn, chain.conversation())
                                .inputOfResponse(input)
                                .build()));
        return follow(turn, chain.next(textSoFar), null, stream, -1);
    }

    static String textOf(Response response) {
        StringBuilder text = new StringBuilder();
        response.output()
                .forEach(item -> item.message()
                        .ifPresent(message -> message.content()
                                .forEach(content -> content.outputText().ifPresent(t -> text.append(t.text())))));
        return text.toString();
    }

    private static Usage usageOf(Response response) {
        return response.usage()
                .map(u -> new Usage(u.inputTokens(), u.outputTokens(), u.totalTokens()))
                .orElse(null);
    }

    private static boolean terminal(Response response) {
        return response.status()
                .map(s -> !s.equals(ResponseStatus.QUEUED) && !s.equals(ResponseStatus.IN_PROGRESS))
                .orElse(false);
    }

    /** The answer already in the conversation for {@code message}, when its newest user item is that message. */
    /**
     * Watches a locked conversation for this turn's answer: the response an earlier attempt created runs there, and
     * the conversation gets its answer when it finishes. Gives up (empty) after {@link #LOCKED_WAIT} or on a stop, and
     * the create is tried again.
     */
    private Optional<Created> awaitAnswer(Turn turn, String conversation, String message) {
        long deadline = System.nanoTime() + LOCKED_WAIT.toNanos();
        Duration wait = properties.pollInterval();
        while (System.nanoTime() < deadline && turn.stop().reason().isEmpty()) {
            ChatEngine.pause(wait);
            wait = ChatEngine.nextPoll(wait);
            Optional<String> answered = answeredTurn(turn, conversation, message);
            if (answered.isPresent()) {
                return Optional.of(new Created.AlreadyAnswered(answered.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> answeredTurn(Turn turn, String conversation, String message) {
        List<ConversationItem> items = retry.run(
                        "conversations.items.list",
                        turn.progress(),
                        () -> client.conversations()
                                .items()
                                .list(
                                        conversation,
                                        ItemListParams.builder()
                                                .order(ItemListParams.Order.DESC)
                                                .limit(10)
                                                .build()))
                .data();
        StringBuilder answer = new StringBuilder();
        for (ConversationItem item : items) {
            if (item.message().isEmpty()) {
                continue;
            }
            var itemMessage = item.message().get();
            String role = itemMessage.role().asString();
            StringBuilder text = new StringBuilder();
            itemMessage.content().forEach(c -> {
                c.inputText().ifPresent(t -> text.append(t.text()));
                c.outputText().ifPresent(t -> text.append(t.text()));
            });
            if (role.equals("assistant")) {
                answer.insert(0, text);
            } else if (role.equals("user")) {
                return text.toString().equals(message) && !answer.isEmpty()
                        ? Optional.of(answer.toString())
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The responses of one turn: the first answers the user's message, each later one the functions the one
     * before it called.
     *
     * @param round how many rounds of function calls came before this response
     * @param textBefore the text the earlier responses of the turn wrote
     */
    private record Chain(String conversation, int round, String textBefore) {
        Chain next(String text) {
            return new Chain(conversation, round + 1, text);
        }
    }

    /** What is known of the response being followed. */
    private static final class StreamState {
        String responseId;
        long lastSeq;
        final StringBuilder text = new StringBuilder();

        StreamState(String responseId, long lastSeq) {
            this.responseId = responseId;
            this.lastSeq = lastSeq;
        }
    }
}
