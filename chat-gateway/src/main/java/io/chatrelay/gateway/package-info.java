/** The gateway application: HTTP ingestion, SSE relay and admin surfaces, one package per feature below this one. */
package io.chatrelay.gateway;
