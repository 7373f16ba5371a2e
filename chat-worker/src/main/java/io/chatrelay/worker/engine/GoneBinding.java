package io.chatrelay.worker.engine;

import com.openai.errors.NotFoundException;
import io.chatrelay.worker.retry.UpstreamStepFailed;
import java.util.function.Consumer;

/** Tells a binding the upstream no longer has from a failure of another kind. */
public final class GoneBinding {

    private GoneBinding() {}

    /**
     * Whether {@code failure} came from {@code upstreamId} being gone upstream: it is the binding of an earlier turn (a
     * client's own id, or one this turn made, is never replaced), the failure is a 404, and so is {@code lookUp}, which
     * asks for that thread or conversation itself.
     */
    public static boolean of(Turn turn, String upstreamId, UpstreamStepFailed failure, Consumer<String> lookUp) {
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
