package io.chatrelay.worker.engine.responses;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponsePrompt;
import com.openai.models.responses.ResponseRetrieveParams;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.engine.Checkpoint;
import io.chatrelay.worker.engine.FunctionCall;
import io.chatrelay.worker.engine.FunctionHandlers;
import io.chatrelay.worker.engine.Outcome;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.UpstreamRetry;
import io.chatrelay.worker.upstream.OpenAiProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a turn as a background response in the request's upstream conversation, followed over its event stream; a
 * dropped stream resumes with {@code starting_after}, and polling takes over when resuming keeps failing. The SDK makes
 * every call; the streams and the Response objects are read by {@link ResponseJson}.
 */
public final class ResponsesEngine implements ChatEngine {

    private final OpenAIClient client;
    private final UpstreamRetry retry;
    private final OpenAiProperties properties;
    private final FunctionHandlers functions;
    private final AnsweredTurns answered;
    private final SpareConversations spares;

    public ResponsesEngine(
            OpenAIClient client, UpstreamRetry retry, OpenAiProperties properties, FunctionHandlers functions) {
        this.client = client;
        this.retry = retry;
        this.properties = properties;
        this.functions = functions;
        this.answered = new AnsweredTurns(client, retry, properties);
        this.spares = new SpareConversations(
                properties.spareConversations(),
                () -> client.conversations().create().id());
    }

    @Override
    public Engine kind() {
        return Engine.RESPONSES;
    }

    @Override
    public Outcome run(Turn turn) {
        ChatRequest request = turn.request();
        Turn.Progress progress = turn.progress();
        String conversation = conversationOf(turn);
        Chain first = new Chain(conversation, 0, "");
        Optional<String> knownResponse = progress.checkpoint(Checkpoint.RUN_ID);
        if (knownResponse.isPresent()) {
            return follow(turn, first, knownResponse.get(), null);
        }
        // A create may have reached the upstream without its answer reaching us: before this worker crashed between
        // creating the response and recording its id, or when the last attempt timed out, lost its connection, or
        // got a stream that broke before response.created named the response. The upstream has no idempotency key,
        // so before asking again look for this turn's answer in the conversation. While that response still runs, a
        // second create is refused (conversation_locked); the conversation gets the turn's items only when the
        // response finishes, so from then on the conversation is watched for the answer rather than asked again.
        AtomicBoolean mayHaveBeenSent = new AtomicBoolean(
                progress.checkpoint(Checkpoint.CREATE_ATTEMPTED).isPresent());
        progress.creating();
        Created created = retry.run("responses.create", progress, () -> {
            boolean retried = mayHaveBeenSent.getAndSet(true);
            if (retried) {
                Optional<String> answer = answered.find(turn, conversation, request.message());
                if (answer.isPresent()) {
                    return new Created.AlreadyAnswered(answer.get());
                }
            }
            try {
                ResponseStream stream = new ResponseStream(client.responses()
                        .withRawResponse()
                        .createStreaming(params(turn, conversation)
                                .input(request.message())
                                .build()));
                stream.awaitCreated();
                return new Created.Streaming(stream);
            } catch (BadRequestException e) {
                if (!retried || e.code().filter("conversation_locked"::equals).isEmpty()) {
                    throw e;
                }
                return answered.await(turn, conversation, request.message())
                        .<Created>map(Created.AlreadyAnswered::new)
                        .orElseThrow(() -> e);
            }
        });
        return switch (created) {
            case Created.AlreadyAnswered(String text) -> {
                progress.textSoFar(text);
                yield new Outcome.Completed(null, text, null);
            }
            case Created.Streaming(ResponseStream stream) -> follow(turn, first, null, stream);
        };
    }

    /** What asking for this turn's response gave: its stream, or the answer an earlier attempt already got. */
    private sealed interface Created {
        record Streaming(ResponseStream stream) implements Created {}

        record AlreadyAnswered(String text) implements Created {}
    }

    /**
     * The upstream conversation of the turn, reported to the progress; when there is none, a spare one or a new one,
     * to which the request's conversation is bound.
     */
    private String conversationOf(Turn turn) {
        String ours = turn.request().conversationId();
        Optional<String> known =
                ours.startsWith("conv_") ? Optional.of(ours) : turn.progress().boundThread();
        if (known.isPresent()) {
            turn.progress().threadBound(known.get(), false);
            return known.get();
        }
        String conversation = spares.take().orElseGet(() -> {
            turn.progress().flush();
            return retry.run(
                            "conversations.create",
                            turn.progress(),
                            () -> client.conversations().create())
                    .id();
        });
        turn.progress().threadBound(conversation, true);
        return conversation;
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
     * Follows the response to its end: over {@code first} when given, else by resuming the stream of
     * {@code knownId}, and by polling when resuming keeps failing.
     */
    private Outcome follow(Turn turn, Chain chain, String knownId, ResponseStream first) {
        StreamState state = new StreamState(knownId);
        if (knownId != null) {
            turn.progress().started(knownId);
        }
        ResponseStream stream = first;
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
            try {
                stream = new ResponseStream(client.responses()
                        .withRawResponse()
                        .retrieveStreaming(
                                state.responseId,
                                ResponseRetrieveParams.builder()
                                        .startingAfter(state.lastSeq)
                                        .build()));
            } catch (RuntimeException e) {
                stream = null;
            }
        }
    }

    /** Reads events until the stream ends; returns the outcome when a terminal event arrived. */
    private Optional<Outcome> drain(Turn turn, Chain chain, ResponseStream stream, StreamState state) {
        if (state.responseId != null) {
            turn.stop().onStop(stream);
        }
        try (stream) {
            StreamEvent event;
            while ((event = stream.next()) != null) {
                state.lastSeq = event.sequence() >= 0 ? event.sequence() : state.lastSeq + 1;
                switch (event) {
                    case StreamEvent.Created(long sequence, String responseId) -> {
                        if (state.responseId == null) {
                            state.responseId = responseId;
                            if (chain.round() == 0) {
                                turn.progress().started(responseId);
                            } else {
                                turn.progress().checkpoint(Checkpoint.RUN_ID, responseId);
                            }
                            // Only now may a stop cut the stream: the response's id is safe for whoever resumes it.
                            turn.stop().onStop(stream);
                        }
                    }
                    case StreamEvent.TextDelta(long sequence, String delta) -> {
                        state.text.append(delta);
                        turn.progress().textSoFar(chain.textBefore() + state.text);
                    }
                    case StreamEvent.Ended(long sequence, ResponseSummary response) -> {
                        return Optional.of(conclude(turn, chain, response));
                    }
                    case StreamEvent.Error error -> {
                        if (state.responseId != null) {
                            return Optional.of(conclude(turn, chain, retrieve(turn, state.responseId)));
                        }
                    }
                    case StreamEvent.Other other -> {}
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
            ResponseSummary response = retrieve(turn, responseId);
            if (response.terminal()) {
                return conclude(turn, chain, response);
            }
            ChatEngine.pause(wait);
            wait = ChatEngine.nextPoll(wait);
        }
    }

    private ResponseSummary retrieve(Turn turn, String responseId) {
        return retry.run("responses.retrieve", turn.progress(), () -> {
            try (HttpResponse raw = client.responses().withRawResponse().retrieve(responseId)) {
                return ResponseJson.response(raw.body().readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
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
    private Outcome conclude(Turn turn, Chain chain, ResponseSummary response) {
        return switch (response.status()) {
            case "completed", "incomplete" -> {
                String text = chain.textBefore() + response.text();
                yield response.calls().isEmpty()
                        ? new Outcome.Completed(response.id(), text, response.usage())
                        : answerCalls(turn, chain, text, response.calls());
            }
            case "cancelled" -> new Outcome.Cancelled("cancelled upstream");
            default ->
                new Outcome.Failed(
                        response.errorCode() != null ? response.errorCode() : response.status(),
                        response.errorMessage() != null
                                ? response.errorMessage()
                                : "The response ended " + response.status(),
                        FailureCategory.RUN_FAILED);
        };
    }

    /** Hands the handlers' outputs back in a new response and follows it, or fails the turn. */
    private Outcome answerCalls(
            Turn turn, Chain chain, String textSoFar, List<ResponseSummary.FunctionCallItem> calls) {
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
        ResponseStream stream = retry.run(
                "responses.create",
                turn.progress(),
                () -> new ResponseStream(client.responses()
                        .withRawResponse()
                        .createStreaming(params(turn, chain.conversation())
                                .inputOfResponse(input)
                                .build())));
        return follow(turn, chain.next(textSoFar), null, stream);
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
        long lastSeq = -1;
        final StringBuilder text = new StringBuilder();

        StreamState(String responseId) {
            this.responseId = responseId;
        }
    }
}
