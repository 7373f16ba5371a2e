/** The default engine: Conversations + Responses API, background responses followed over a resumable stream. */
package io.chatrelay.worker.engine.responses;
