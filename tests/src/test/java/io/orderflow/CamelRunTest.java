package io.orderflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.orderflow.gateway.PaymentGatewaySimulator;
import io.orderflow.sandbox.OrderflowClient;
import io.orderflow.sandbox.OrderflowProcess;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code ./orderflow camel-run}: Camel JBang's {@code camel run --dev} on a copy of the project's route files,
 * beans and properties serves an order to its end, and a saved edit of a route file changes what it answers
 * while it runs.
 */
class CamelRunTest {

    private static final Path PROJECT = Path.of("..");

    @Test
    void camelRunServesAnOrderAndPicksUpAnEditedRoute(@TempDir Path project) throws Exception {
        copy("routes", project);
        copy("beans", project);
        copy("processors/src/main/resources/application.properties", project);
        try (NatsServerProcess nats = new NatsServerProcess();
             PaymentGatewaySimulator gateway = new PaymentGatewaySimulator(0)) {
            GreenMail mail = new GreenMail(new ServerSetup(NatsServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            OrderflowClient client = new OrderflowClient(NatsServerProcess.freePort());
            try (OrderflowProcess camelRun = OrderflowProcess.launchedBy("io.orderflow.dev.CamelRun", camelJBangClasspath(),
                    project, Map.of("NATS_URL", nats.url(), "HTTP_PORT", Integer.toString(client.httpPort()),
                            "PAYMENT_GATEWAY_URL", gateway.url(), "SMTP_PORT", Integer.toString(mail.getSmtp().getPort())),
                    OrderflowProcess.logFile("camel-run"))) {
                camelRun.start();
                client.setStock("JBANG-1", 10);
                String order = client.placeOrder("c-1", "JBANG-1", 2, "4.50");
                await().atMost(Duration.ofSeconds(30)).until(() -> client.status(order).equals("CONFIRMED"));
                assertEquals("{\"sku\":\"JBANG-1\",\"available\":8}", client.get("/inventory/JBANG-1").body());

                Path inventory = project.resolve("routes/inventory.camel.yaml");
                String route = Files.readString(inventory);
                String lookup = "            method: \"get(${header.sku})\"\n";
                Files.writeString(inventory, route.replace(lookup, lookup + """
                                - setBody:
                                    constant:
                                      expression: edited
                        """));
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> client.get("/inventory/JBANG-1").body().equals("\"edited\""));
            } finally {
                mail.stop();
            }
        }
    }

    private static void copy(String relative, Path project) throws Exception {
        Path source = PROJECT.resolve(relative);
        try (var files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = project.resolve(relative).resolve(source.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    /** The dev module's classes and the runtime classpath its build wrote, Camel JBang's. */
    private static List<String> camelJBangClasspath() throws Exception {
        Path module = PROJECT.resolve("dev/target");
        List<String> classpath = new ArrayList<>(List.of(module.resolve("classes").toAbsolutePath().toString()));
        classpath.add(Files.readString(module.resolve("camel-run.classpath")).trim());
        return classpath;
    }
}
