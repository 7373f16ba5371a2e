package io.chatrelay.worker.engine.responses;

/**
 * Where a response of the turn stands: the first answers the user's message, each later one the functions the one
 * before it called.
 *
 * @param conversation the upstream conversation the responses run in
 * @param textBefore the text the earlier responses of the turn wrote
 */
record Chain(String conversation, String textBefore) {}
