/** The load client: posts chats at a fixed rate and follows each over SSE to its end. */
package io.chatrelay.bench.load;
