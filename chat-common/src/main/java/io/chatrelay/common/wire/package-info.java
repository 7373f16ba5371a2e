/** Records that travel over Kafka and live in Redis: requests, the event family and company profiles. */
package io.chatrelay.common.wire;
