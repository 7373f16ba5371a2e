package io.chatrelay.gateway.ops.cli;

import java.io.PrintStream;
import tools.jackson.databind.JsonNode;

/**
 * Where a command calls and writes.
 *
 * @param client the admin API
 * @param out where its answer goes
 * @param json whether the answer goes out as the API's JSON rather than as text
 */
record Console(OpsClient client, PrintStream out, boolean json) {

    void print(JsonNode node) {
        out.println(OpsClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }
}
