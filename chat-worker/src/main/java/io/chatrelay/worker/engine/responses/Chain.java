package io.chatrelay.worker.engine.responses;

/**
 * The responses of one turn: the first answers the user's message, each later one the functions the one
 * before it called.
 *
 * @param round how many rounds of function calls came before this response
 * @param textBefore the text the earlier responses of the turn wrote
 */
record Chain(String conversation, int round, String textBefore) {
    Chain next(String text) {
        return new Chain(conversation, round + 1, text);
    }
}
