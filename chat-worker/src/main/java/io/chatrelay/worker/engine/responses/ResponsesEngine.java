package io.chatrelay.worker.engine.responses;

import com.openai.client.OpenAIClient;
import com.openai.core.RequestOptions;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.worker.engine.Bindings;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.engine.Checkpoint;
import io.chatrelay.worker.engine.FunctionHandlers;
import io.chatrelay.worker.engine.FunctionRound;
import io.chatrelay.worker.engine.Outcome;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.UpstreamRetry;
import io.chatrelay.worker.retry.UpstreamStepFailed;
import io.chatrelay.worker.upstream.OpenAiProperties;
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
    private final FunctionHandlers functions;
    private final AnsweredTurns answered;
    private final Conversations conversations;
    private final ResponseFollower follower;
    private final RequestOptions streaming;

    public ResponsesEngine(
            OpenAIClient client, UpstreamRetry retry, OpenAiProperties properties, FunctionHandlers functions) {
        this.client = client;
        this.retry = retry;
        this.functions = functions;
        this.answered = new AnsweredTurns(client, retry, properties);
        this.follower = new ResponseFollower(client, retry, properties, this::conclude);
        this.conversations = new Conversations(client, retry, properties.spareConversations());
        this.streaming = properties.streaming();
    }

    @Override
    public Engine kind() {
        return Engine.RESPONSES;
    }

    @Override
    public Outcome run(Turn turn) {
        Turn.Progress progress = turn.progress();
        String conversation = conversations.of(turn);
        Optional<String> knownResponse = progress.checkpoint(Checkpoint.RUN_ID);
        Optional<FunctionRound> lastRound = FunctionRound.recorded(progress);
        if (lastRound.isPresent()
                && knownResponse.orElse("").equals(lastRound.get().callsOf())) {
            // An earlier go answered the calls of the response it followed, and may have handed the outputs back.
            return handBack(turn, conversation, lastRound.get(), true);
        }
        if (knownResponse.isPresent()) {
            Chain chain = new Chain(
                    conversation, lastRound.map(FunctionRound::textSoFar).orElse(""));
            return follower.follow(turn, chain, knownResponse.get(), null);
        }
        boolean mayHaveBeenSent =
                progress.checkpoint(Checkpoint.CREATE_ATTEMPTED).isPresent();
        progress.creating();
        try {
            return answer(turn, conversation, mayHaveBeenSent);
        } catch (UpstreamStepFailed e) {
            if (!Bindings.gone(turn, conversation, e, conversations::lookUp)) {
                throw e;
            }
            // The conversation an earlier turn bound is gone upstream: deleted, expired, or made by another server
            // before the upstream's base URL changed. The turn starts a new one, and the thread event says so.
            return answer(turn, conversations.create(turn), false);
        }
    }

    /** Asks for the answer to the user's message in {@code conversation}: the turn's first create. */
    private Outcome answer(Turn turn, String conversation, boolean mayHaveBeenSent) {
        String message = turn.request().message();
        return create(
                turn,
                new Chain(conversation, ""),
                ResponseParams.of(turn, conversation).input(message).build(),
                new AnsweredTurns.Anchor.UserMessage(message),
                mayHaveBeenSent);
    }

    /**
     * Creates the chain's next response and follows it. A create may have reached the upstream without its answer
     * reaching us: before this worker crashed between creating the response and recording its id, or when the last
     * attempt timed out, lost its connection, got a server error, or got a stream that broke before response.created
     * named the response (a refusal with a client-error status, 429 included, created nothing). The upstream has no
     * idempotency key, so before asking again the conversation is searched for what the response added after the
     * create's input ({@code anchor}). While that response still runs, a second create is refused (conversation_locked);
     * the conversation gets the response's items only when it finishes, so from then on the conversation is watched
     * rather than asked again.
     */
    private Outcome create(
            Turn turn,
            Chain chain,
            ResponseCreateParams params,
            AnsweredTurns.Anchor anchor,
            boolean mayHaveBeenSentBefore) {
        AtomicBoolean mayHaveBeenSent = new AtomicBoolean(mayHaveBeenSentBefore);
        Created created = retry.run("responses.create", turn.progress(), () -> {
            boolean retried = mayHaveBeenSent.getAndSet(true);
            if (retried) {
                Optional<ResponseSummary> answered = this.answered.find(turn, chain.conversation(), anchor);
                if (answered.isPresent()) {
                    return new Created.AlreadyAnswered(answered.get());
                }
            }
            try {
                ResponseStream stream =
                        new ResponseStream(client.responses().withRawResponse().createStreaming(params, streaming));
                stream.awaitCreated();
                return new Created.Streaming(stream);
            } catch (OpenAIServiceException e) {
                if (retried && e.code().filter("conversation_locked"::equals).isPresent()) {
                    return this.answered
                            .await(turn, chain.conversation(), anchor)
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
            case Created.AlreadyAnswered(ResponseSummary response) -> {
                turn.progress().textSoFar(chain.textBefore() + response.text());
                yield conclude(turn, chain, response);
            }
            case Created.Streaming(ResponseStream stream) -> follower.follow(turn, chain, null, stream);
        };
    }

    /** What asking for this turn's response gave: its stream, or the answer an earlier attempt already got. */
    private sealed interface Created {
        record Streaming(ResponseStream stream) implements Created {}

        /** What an earlier attempt's response added to the conversation; its id and usage are not known. */
        record AlreadyAnswered(ResponseSummary response) implements Created {}
    }

    /** How the turn ends with {@code response}, or goes on with the outputs of the functions it called. */
    private Outcome conclude(Turn turn, Chain chain, ResponseSummary response) {
        return switch (response.status()) {
            case "completed", "incomplete" -> {
                String text = chain.textBefore() + response.text();
                yield response.calls().isEmpty()
                        ? new Outcome.Completed(response.id(), text, response.usage())
                        : answerCalls(turn, chain, text, response);
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

    /** Answers the response's function calls and hands the outputs back in a new response; or fails the turn. */
    private Outcome answerCalls(Turn turn, Chain chain, String textSoFar, ResponseSummary response) {
        FunctionHandlers.Answer answer = functions.answer(
                turn,
                response.id() == null ? "" : response.id(),
                textSoFar,
                response.calls().stream()
                        .map(call -> new FunctionHandlers.PendingCall(call.callId(), call.name(), call.arguments()))
                        .toList());
        return switch (answer) {
            case FunctionHandlers.Answer.Outputs(FunctionRound round) ->
                handBack(turn, chain.conversation(), round, false);
            case FunctionHandlers.Answer.Refused(Outcome.Failed outcome) -> outcome;
        };
    }

    /** Creates the response that answers {@code round}'s calls with its outputs, and follows it. */
    private Outcome handBack(Turn turn, String conversation, FunctionRound round, boolean mayHaveBeenSent) {
        List<ResponseInputItem> input = round.outputs().stream()
                .map(output -> ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                        .callId(output.callId())
                        .output(output.output())
                        .build()))
                .toList();
        return create(
                turn,
                new Chain(conversation, round.textSoFar()),
                ResponseParams.of(turn, conversation).inputOfResponse(input).build(),
                new AnsweredTurns.Anchor.CallOutput(round.outputs().getFirst().callId()),
                mayHaveBeenSent);
    }
}
