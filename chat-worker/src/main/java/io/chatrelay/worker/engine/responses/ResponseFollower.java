package io.chatrelay.worker.engine.responses;

import com.openai.client.OpenAIClient;
import com.openai.core.RequestOptions;
import com.openai.core.http.HttpResponse;
import com.openai.models.responses.ResponseRetrieveParams;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.engine.Outcome;
import io.chatrelay.worker.engine.StopReason;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.Pauses;
import io.chatrelay.worker.retry.UpstreamRetry;
import io.chatrelay.worker.upstream.OpenAiProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Follows a response to its end: over its event stream, resumed with {@code starting_after} when it drops, and by
 * polling when resuming keeps failing; a stop cancels it upstream unless the turn is left for another go.
 */
final class ResponseFollower {

    /** How a turn ends with a response that ended, or goes on with another (function outputs). */
    @FunctionalInterface
    interface Ending {
        Outcome conclude(Turn turn, Chain chain, ResponseSummary response);
    }

    private final OpenAIClient client;
    private final UpstreamRetry retry;
    private final OpenAiProperties properties;
    private final RequestOptions streaming;
    private final Ending ending;

    ResponseFollower(OpenAIClient client, UpstreamRetry retry, OpenAiProperties properties, Ending ending) {
        this.client = client;
        this.retry = retry;
        this.properties = properties;
        this.streaming = properties.streaming();
        this.ending = ending;
    }

    /**
     * Follows the response to its end: over {@code first} when given, else by resuming the stream of
     * {@code knownId}, and by polling when resuming keeps failing.
     */
    Outcome follow(Turn turn, Chain chain, String knownId, ResponseStream first) {
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
                // Not expected: every create's stream comes named from its retry, which retries one that was not.
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
                                        .build(),
                                streaming));
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
                            turn.progress().started(responseId);
                            // Only now may a stop cut the stream: the response's id is safe for whoever resumes it.
                            turn.stop().onStop(stream);
                        }
                    }
                    case StreamEvent.TextDelta(long sequence, String delta) -> {
                        state.text.append(delta);
                        turn.progress().textSoFar(chain.textBefore() + state.text);
                    }
                    case StreamEvent.Ended(long sequence, ResponseSummary response) -> {
                        return Optional.of(ending.conclude(turn, chain, response));
                    }
                    case StreamEvent.Error error -> {
                        if (state.responseId != null) {
                            return Optional.of(ending.conclude(turn, chain, retrieve(turn, state.responseId)));
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
        Pauses polls = Pauses.polls(properties.pollInterval());
        while (true) {
            if (turn.stop().reason().isPresent()) {
                return stop(turn, responseId);
            }
            ResponseSummary response = retrieve(turn, responseId);
            if (response.terminal()) {
                return ending.conclude(turn, chain, response);
            }
            ChatEngine.pause(polls.next());
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
        StopReason reason = turn.stop().reason().orElseThrow();
        if (responseId != null && reason.stopsUpstream()) {
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
