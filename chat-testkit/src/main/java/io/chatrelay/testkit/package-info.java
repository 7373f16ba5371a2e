/**
 * Real services for integration tests: one in-process KRaft Kafka broker and one real {@code redis-server} per
 * test JVM, plus unique names so tests sharing them never see each other's data.
 */
package io.chatrelay.testkit;
