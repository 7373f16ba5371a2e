/** Checks a Grafana dashboard's queries against the metrics an app really exports. */
package io.chatrelay.testkit.dashboard;
