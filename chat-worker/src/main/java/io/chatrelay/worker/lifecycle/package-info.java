/** One request's life: lease, checkpoints, events with seq, and its terminal outcome. */
package io.chatrelay.worker.lifecycle;
