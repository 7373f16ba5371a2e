/** The Conversations and Responses APIs: conversations hold items, responses run on them one at a time. */
package io.chatrelay.sim.responses;
