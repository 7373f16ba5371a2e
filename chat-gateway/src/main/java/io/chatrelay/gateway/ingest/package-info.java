/** Accepting chat messages: validation, request state in Redis, the publish to Kafka, status and cancel. */
package io.chatrelay.gateway.ingest;
