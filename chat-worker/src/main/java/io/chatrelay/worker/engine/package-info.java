/** The port both upstream engines implement: run one chat turn and report progress. */
package io.chatrelay.worker.engine;
