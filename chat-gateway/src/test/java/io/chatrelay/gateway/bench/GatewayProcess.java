package io.chatrelay.gateway.bench;

import io.chatrelay.gateway.GatewayApplication;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A gateway alone in its own JVM, started by {@link SseBenchmark} so that its heap and its file descriptors are its
 * own. Arguments are {@code name=value} settings. Speaks a line protocol on stdin and stdout: prints
 * {@code bench:facts <this JVM>} and {@code bench:port N} once it serves; answers {@code heap} with {@code bench:heap <bytes in use after a full GC>};
 * exits on {@code exit} or when stdin closes (the benchmark ended).
 */
public final class GatewayProcess {

    static final String PREFIX = "bench:";

    private GatewayProcess() {}

    public static void main(String[] args) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        for (String arg : args) {
            String[] nameValue = arg.split("=", 2);
            settings.put(nameValue[0], nameValue[1]);
        }
        ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class)
                .properties(settings)
                .run();
        int port = gateway.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        System.out.println(PREFIX + "facts " + Machine.facts());
        System.out.println(PREFIX + "port " + port);
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null && !command.equals("exit")) {
            if (command.equals("heap")) {
                System.out.println(PREFIX + "heap " + Machine.heapAfterGc());
                System.out.flush();
            }
        }
        gateway.close();
        System.exit(0);
    }
}
