/** The one place that names topics, Kafka headers and Redis keys, each built from a configurable prefix. */
package io.chatrelay.common.naming;
