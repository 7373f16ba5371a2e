/** The end-to-end benchmark and the fault drills: every part of the system in a process of its own, under load. */
package io.chatrelay.bench;
