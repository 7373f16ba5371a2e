package io.chatrelay.worker.engine.responses;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.responses.ResponseInputItem;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.common.wire.UpstreamIds;
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
import java.util.ArrayList;
import java.util.List;
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
    private final ResponseFollower follower;

    public ResponsesEngine(
            OpenAIClient client, UpstreamRetry retry, OpenAiProperties properties, FunctionHandlers functions) {
        this.client = client;
        this.retry = retry;
        this.properties = properties;
        this.functions = functions;
        this.answered = new AnsweredTurns(client, retry, properties);
        this.follower = new ResponseFollower(client, retry, properties, this::conclude);
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
            return follower.follow(turn, first, knownResponse.get(), null);
        }
        // A create may have reached the upstream without its answer reaching us: before this worker crashed between
        // creating the response and recording its id, or when the last attempt timed out, lost its connection, got a
        // server error, or got a stream that broke before response.created named the response (a refusal with a
        // client-error status, 429 included, created nothing). The upstream has no idempotency key, so before asking
        // again look for this turn's answer in the conversation. While that response still runs, a
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
                        .createStreaming(ResponseParams.of(turn, conversation)
                                .input(request.message())
                                .build()));
                stream.awaitCreated();
                return new Created.Streaming(stream);
            } catch (OpenAIServiceException e) {
                if (retried && e.code().filter("conversation_locked"::equals).isPresent()) {
                    return answered.await(turn, conversation, request.message())
                            .<Created>map(Created.AlreadyAnswered::new)
                            .orElseThrow(() -> e);
                }
                if (e.statusCode() < 500) {
                    mayHaveBeenSent.set(retried);
                }
                throw e;
            }
        });
        return switch (created) {
            case Created.AlreadyAnswered(String text) -> {
                progress.textSoFar(text);
                yield new Outcome.Completed(null, text, null);
            }
            case Created.Streaming(ResponseStream stream) -> follower.follow(turn, first, null, stream);
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
        // A binding of the other engine (the company changed engines) cannot be continued here: a new conversation
        // takes
        // its place, and the thread event tells the client.
        Optional<String> known = ours.startsWith(UpstreamIds.CONVERSATION_PREFIX)
                ? Optional.of(ours)
                : turn.progress().boundThread().filter(bound -> bound.startsWith(UpstreamIds.CONVERSATION_PREFIX));
        if (known.isPresent()) {
            turn.progress().threadBound(known.get(), false);
            return known.get();
        }
        String conversation = spares.take().orElseGet(() -> {
            turn.progress().flush();
            return retry.run("conversations.create", turn.progress(), this::createConversation);
        });
        turn.progress().threadBound(conversation, true);
        return conversation;
    }

    /** Creates an empty upstream conversation; only its id is read from the answer. */
    private String createConversation() {
        try (HttpResponse raw = client.conversations().withRawResponse().create()) {
            return ResponseJson.id(raw.body().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                        .createStreaming(ResponseParams.of(turn, chain.conversation())
                                .inputOfResponse(input)
                                .build())));
        return follower.follow(turn, chain.next(textSoFar), null, stream);
    }
}
