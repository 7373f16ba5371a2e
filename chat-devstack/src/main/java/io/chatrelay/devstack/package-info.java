/** The whole system in one process for development: broker, Redis, simulator, gateway and two workers. */
package io.chatrelay.devstack;
