package io.chatrelay.gateway.ops.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code bin/chatrelay ops ...}: lists, shows, replays and discards dead letters and lists the audit trail through the
 * gateway's admin API. Tables by default, the API's JSON with {@code --json}. Exit codes: 0 done, 1 the API refused or
 * failed, 2 bad usage, 3 the gateway could not be reached.
 */
public final class OpsCli {

    static final String USAGE = """
            usage: bin/chatrelay ops [--url URL] [--token TOKEN] [--operator NAME] [--json] COMMAND

              dlt list [FILTERS] [--include-resolved] [--limit N] [--cursor C]
              dlt show REQUEST_ID
              dlt replay (REQUEST_ID... | FILTERS) [--dry-run] [--rate N] [--max N]
              dlt discard REQUEST_ID --reason TEXT
              audit [--limit N]

            FILTERS: --company SLUG --category CATEGORY --upstream-status N --upstream-code CODE
                     --from ISO-8601 --to ISO-8601 --request-id ID --conversation-id ID
            The gateway URL and admin token come from --url/--token or CHATRELAY_URL/CHATRELAY_ADMIN_TOKEN
            (default URL http://localhost:8080); --operator (default $USER) names you in the audit trail.
            """;

    /** Flags that take a value, and the API name of those that are filters. */
    private static final Map<String, String> FILTERS = Map.of(
            "--company", "company",
            "--category", "category",
            "--upstream-status", "upstreamStatus",
            "--upstream-code", "upstreamCode",
            "--from", "from",
            "--to", "to",
            "--request-id", "requestId",
            "--conversation-id", "conversationId");

    private static final List<String> VALUED =
            List.of("--url", "--token", "--operator", "--limit", "--cursor", "--rate", "--max", "--reason");
    private static final List<String> SWITCHES = List.of("--json", "--dry-run", "--include-resolved");

    /** Bad command-line usage. */
    static final class Usage extends RuntimeException {
        Usage(String message) {
            super(message, null, false, false);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
            if (arguments.words.isEmpty() || arguments.words.getFirst().equals("help")) {
                out.print(USAGE);
                return arguments.words.isEmpty() ? 2 : 0;
            }
            String url = arguments.value("--url", env.getOrDefault("CHATRELAY_URL", "http://localhost:8080"));
            String token = arguments.value("--token", env.get("CHATRELAY_ADMIN_TOKEN"));
            if (token == null || token.isBlank()) {
                throw new Usage("no admin token: pass --token or set CHATRELAY_ADMIN_TOKEN");
            }
            OpsClient client = new OpsClient(url, token, arguments.value("--operator", env.get("USER")));
            new Commands(client, out, arguments.has("--json")).run(arguments);
            return 0;
        } catch (Usage e) {
            err.println("error: " + e.getMessage());
            err.println("run 'bin/chatrelay ops help' for usage");
            return 2;
        } catch (OpsClient.Failed e) {
            err.println("error: " + e.getMessage());
            return e.status == 0 ? 3 : 1;
        }
    }

    /** Words (command and ids) and flags of a command line. */
    static final class Arguments {
        final List<String> words = new ArrayList<>();
        final Map<String, String> flags = new LinkedHashMap<>();

        static Arguments parse(String[] args) {
            Arguments parsed = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--")) {
                    parsed.words.add(arg);
                    continue;
                }
                String name = arg;
                String value = null;
                int equals = arg.indexOf('=');
                if (equals > 0) {
                    name = arg.substring(0, equals);
                    value = arg.substring(equals + 1);
                }
                if (SWITCHES.contains(name)) {
                    parsed.flags.put(name, "true");
                } else if (VALUED.contains(name) || FILTERS.containsKey(name)) {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new Usage(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    parsed.flags.put(name, value);
                } else {
                    throw new Usage("unknown option " + name);
                }
            }
            return parsed;
        }

        boolean has(String flag) {
            return flags.containsKey(flag);
        }

        String value(String flag, String otherwise) {
            return flags.getOrDefault(flag, otherwise);
        }

        /** The filters given, by their API names. */
        Map<String, String> filters() {
            Map<String, String> filters = new LinkedHashMap<>();
            flags.forEach((flag, value) -> {
                if (FILTERS.containsKey(flag)) {
                    filters.put(FILTERS.get(flag), value);
                }
            });
            return filters;
        }
    }

    static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asString();
    }
}
