/** The original-shape benchmark: a closed loop of clients on {@code POST /api/chat} of the one-process dev stack. */
package io.chatrelay.bench.seed;
