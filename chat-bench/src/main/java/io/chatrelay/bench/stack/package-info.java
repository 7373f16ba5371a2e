/** The processes of one run: broker, Redis, simulator, gateway and workers, started, stopped and killed on demand. */
package io.chatrelay.bench.stack;
