/**
 * A request's state held in memory by the worker that holds its lease, with Redis as its durable log and
 * {@code chat.events} as its live feed: one script takes a request up, each later write (events, status, checkpoints)
 * is one pipelined script call fenced by the lease.
 */
package io.chatrelay.worker.journal;
