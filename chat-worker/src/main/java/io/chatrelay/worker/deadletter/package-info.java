/** Publishing failed and unreadable requests to the dead-letter topic with bounded headers saying why. */
package io.chatrelay.worker.deadletter;
