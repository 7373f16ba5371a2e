package io.chatrelay.worker.engine;

import com.openai.errors.NotFoundException;
import io.chatrelay.worker.retry.UpstreamStepFailed;
import java.util.Optional;
import java.util.function.Consumer;

/** The upstream thread or conversation a turn continues, and how a binding the upstream no longer has is told. */
public final class Bindings {

    private Bindings() {}

    /**
     * The thread or conversation the turn continues, reported to the progress: the client's own id when it has the
     * engine's {@code prefix}, else the conversation's binding when it does. A binding of the other engine (the
     * company changed engines) cannot be continued: empty, and a new one takes its place, which the thread event
     * tells the client.
     */
    public static Optional<String> continued(Turn turn, String prefix) {
        String ours = turn.request().conversationId();
        Optional<String> known = ours.startsWith(prefix)
                ? Optional.of(ours)
                : turn.progress().boundThread().filter(bound -> bound.startsWith(prefix));
        known.ifPresent(id -> turn.progress().threadBound(id, false));
        return known;
    }

    /**
     * Whether {@code failure} came from {@code upstreamId} being gone upstream: it is the binding of an earlier turn (a
     * client's own id, or one this turn made, is never replaced), the failure is a 404, and so is {@code lookUp}, which
     * asks for that thread or conversation itself.
     */
    public static boolean gone(Turn turn, String upstreamId, UpstreamStepFailed failure, Consumer<String> lookUp) {
        boolean earlierBinding = !turn.request().conversationId().equals(upstreamId)
                && turn.progress().boundThread().filter(upstreamId::equals).isPresent();
        if (!earlierBinding || failure.verdict().upstream().status() != 404) {
            return false;
        }
        try {
            lookUp.accept(upstreamId);
            return false;
        } catch (NotFoundException e) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
