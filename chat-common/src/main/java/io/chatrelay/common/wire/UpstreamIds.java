package io.chatrelay.common.wire;

/**
 * Conversation ids that name an upstream conversation or thread rather than one of ours: a client may continue one it
 * knows (from a {@code thread} event) by giving its id as the conversation id. Each is claimed for the company that
 * first binds or uses it, so that no other company can continue it.
 */
public final class UpstreamIds {

    /** The prefix of a Conversations API conversation id. */
    public static final String CONVERSATION_PREFIX = "conv_";

    /** The prefix of an Assistants API thread id (compatible servers only). */
    public static final String THREAD_PREFIX = "thread_";

    private UpstreamIds() {}

    /** Whether {@code conversationId} is an upstream conversation's or thread's id. */
    public static boolean isUpstream(String conversationId) {
        return conversationId.startsWith(CONVERSATION_PREFIX) || conversationId.startsWith(THREAD_PREFIX);
    }
}
