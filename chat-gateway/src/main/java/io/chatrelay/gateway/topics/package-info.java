/** The Kafka topics the gateway creates when missing, replicated as far as the cluster it finds allows. */
package io.chatrelay.gateway.topics;
