/**
 * Classification of upstream failures, the Spring Retry policy around every upstream step, and the worker's other
 * waits.
 */
package io.chatrelay.worker.retry;
