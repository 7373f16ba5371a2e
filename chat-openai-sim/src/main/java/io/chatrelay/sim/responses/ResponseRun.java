package io.chatrelay.sim.responses;

import io.chatrelay.sim.ResponseTimings;
import io.chatrelay.sim.SimContext;
import io.chatrelay.sim.SimModel;
import io.chatrelay.sim.http.Ids;
import io.chatrelay.sim.responses.wire.ContentPart;
import io.chatrelay.sim.responses.wire.FunctionCallItem;
import io.chatrelay.sim.responses.wire.Item;
import io.chatrelay.sim.responses.wire.MessageItem;
import io.chatrelay.sim.responses.wire.ResponseObject;
import io.chatrelay.sim.responses.wire.ResponseObject.ConversationRef;
import io.chatrelay.sim.responses.wire.ResponseObject.ErrorDetail;
import io.chatrelay.sim.responses.wire.ResponseObject.IncompleteDetails;
import io.chatrelay.sim.responses.wire.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One response and its life: {@code queued → in_progress → completed|failed|incomplete}, or {@code cancelled} at
 * any time. Clients follow it on its {@link ResponseStream}.
 */
final class ResponseRun {

    final String id = Ids.next("resp");
    final long createdAt = Ids.nowSeconds();
    final CreateRequest request;
    final Conversation conversation;
    final ResponseStream stream;
    private final ResponseScript script;
    private final ResponseTimings timings;
    private final long receivedNanos;
    private final String itemId = Ids.next("msg");

    private String status;
    private Long completedAt;
    private ErrorDetail error;
    private IncompleteDetails incompleteDetails;
    private Usage usage;
    private final List<Item> output = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    ResponseRun(
            CreateRequest request,
            Conversation conversation,
            ResponseScript script,
            ResponseTimings timings,
            long receivedNanos) {
        this.request = request;
        this.conversation = conversation;
        this.script = script;
        this.timings = timings;
        this.receivedNanos = receivedNanos;
        this.stream = new ResponseStream(() -> timings.written(id, receivedNanos));
        this.status = request.background() ? "queued" : "in_progress";
    }

    synchronized String status() {
        return status;
    }

    synchronized boolean terminal() {
        return !status.equals("queued") && !status.equals("in_progress");
    }

    /** The response as it stands. */
    synchronized ResponseObject snapshot() {
        return new ResponseObject(
                id,
                createdAt,
                status,
                completedAt,
                request.background(),
                error,
                incompleteDetails,
                request.instructions(),
                request.maxOutputTokens(),
                request.modelOrDefault(),
                List.copyOf(output),
                request.previousResponseId(),
                conversation == null ? null : new ConversationRef(conversation.id),
                request.tools(),
                usage,
                request.metadata(),
                request.prompt());
    }

    /** Runs the script on the calling thread; returns when the response is terminal. */
    void run() {
        long created = System.nanoTime();
        announce(stream::created);
        if (request.background()) {
            announce(stream::queued);
        }
        SimContext.pauseUntil(created + TimeUnit.MILLISECONDS.toNanos(script.queueMillis()));
        synchronized (this) {
            if (terminal()) {
                return;
            }
            status = "in_progress";
        }
        announce(stream::inProgress);
        if (script.toolName() != null) {
            // Writing the call takes the model as long as an answer would.
            SimContext.pauseUntil(created + TimeUnit.MILLISECONDS.toNanos(script.latencyMillis()));
            finishWithToolCall();
            return;
        }
        synchronized (this) {
            if (terminal()) {
                return;
            }
            MessageItem item = messageItem("in_progress", "");
            output.add(item);
            stream.itemAdded(item);
            stream.partAdded(itemId, "");
        }
        List<String> tokens = script.tokens();
        int limit =
                script.maxOutputTokens() == null ? tokens.size() : Math.min(tokens.size(), script.maxOutputTokens());
        for (int i = 0; i < limit; i++) {
            SimContext.pauseUntil(
                    created + SimContext.tokenDue(script.queueMillis(), script.latencyMillis(), i, tokens.size()));
            synchronized (this) {
                if (terminal()) {
                    return;
                }
                text.append(tokens.get(i));
                output.set(0, messageItem("in_progress", text.toString()));
                stream.textDelta(itemId, tokens.get(i));
            }
        }
        finish(limit < tokens.size());
    }

    private synchronized void finish(boolean truncated) {
        if (terminal()) {
            return;
        }
        String ending = truncated ? "incomplete" : script.ending();
        String full = text.toString();
        if ("failed".equals(ending) || "expired".equals(ending)) {
            status = "failed";
            error = new ErrorDetail("server_error", "The model failed to produce a response (simulated).");
            output.clear();
            stream.failed(snapshot());
            end();
            return;
        }
        stream.textDone(itemId, full);
        stream.partDone(itemId, full);
        MessageItem item = messageItem(truncated ? "incomplete" : "completed", full);
        output.set(0, item);
        stream.itemDone(item);
        if (!truncated) {
            complete(item, SimModel.tokens(full));
            return;
        }
        usage = new Usage(script.inputTokens(), SimModel.tokens(full));
        status = "incomplete";
        incompleteDetails = new IncompleteDetails("max_output_tokens");
        stream.incomplete(snapshot());
        appendToConversation(item);
        end();
    }

    private synchronized void finishWithToolCall() {
        if (terminal()) {
            return;
        }
        FunctionCallItem call =
                new FunctionCallItem(Ids.next("fc"), Ids.next("call"), script.toolName(), "{}", "completed");
        output.add(call);
        stream.itemAdded(call);
        stream.argumentsDone(call);
        stream.itemDone(call);
        complete(call, 1);
    }

    /** Ends completed with {@code item} as the answer. */
    private void complete(Item item, long outputTokens) {
        usage = new Usage(script.inputTokens(), outputTokens);
        status = "completed";
        completedAt = Ids.nowSeconds();
        stream.completed(snapshot());
        appendToConversation(item);
        end();
    }

    /** Cancels a queued or in-progress response; the partial answer stays in {@code output}. */
    synchronized boolean cancel() {
        if (terminal()) {
            return false;
        }
        status = "cancelled";
        end();
        return true;
    }

    private void end() {
        if (conversation != null) {
            conversation.unlock(id);
        }
        timings.ended(id, receivedNanos);
        stream.close();
    }

    private void appendToConversation(Item outputItem) {
        if (conversation != null) {
            List<Item> added = new ArrayList<>(request.input());
            added.add(outputItem);
            conversation.append(added);
        }
    }

    /** Emits a lifecycle event with the response as it stands. */
    private synchronized void announce(Consumer<ResponseObject> event) {
        event.accept(snapshot());
    }

    private MessageItem messageItem(String itemStatus, String content) {
        List<ContentPart> parts = content.isEmpty() && itemStatus.equals("in_progress")
                ? List.of()
                : List.of(new ContentPart.OutputText(content));
        return new MessageItem(itemId, itemStatus, "assistant", parts);
    }
}
