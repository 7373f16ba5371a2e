/** Classification of upstream failures and the Spring Retry policy around every upstream step. */
package io.chatrelay.worker.retry;
