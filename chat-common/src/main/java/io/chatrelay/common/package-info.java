/** The wire contract shared by the gateway and the workers: messages, events, names and their JSON form. */
package io.chatrelay.common;
