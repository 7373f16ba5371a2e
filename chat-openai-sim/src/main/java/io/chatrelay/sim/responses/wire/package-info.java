/**
 * The objects the Responses and Conversations APIs send, as records written field for field: responses, items, stream
 * events.
 */
package io.chatrelay.sim.responses.wire;
