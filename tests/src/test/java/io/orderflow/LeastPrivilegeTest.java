package io.orderflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerConfiguration;
import io.orderflow.gateway.PaymentGatewaySimulator;
import io.orderflow.jetstream.NatsIdentity;
import io.orderflow.sandbox.OrderflowClient;
import io.orderflow.sandbox.OrderflowProcess;
import io.orderflow.sandbox.nats.NatsServerProcess;
import io.orderflow.sandbox.tls.Certificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orderflow as the manifests deploy it on a nats-server with mutual TLS and the shipped users and permissions
 * (kubernetes/base/nats-users.conf): the admin identity declares the topology, then each flow group runs as a
 * process of its own with its own user, only checking that the topology is there. Orders go through; the
 * payment user cannot publish an order's events; no process hits a permission it lacks.
 */
class LeastPrivilegeTest {

    private static final Path USERS = Path.of("../kubernetes/base/nats-users.conf");
    private static final Map<String, String> PASSWORDS = Map.of("admin", "adm1n-pw", "api", "ap1-pw", "inventory", "1nv-pw",
            "payment", "paym3nt-pw", "notification", "n0tify-pw");
    private static final Map<String, String> GROUPS = Map.of("api", "orders,audit", "inventory", "inventory", "payment", "payment",
            "notification", "notification");
    private static Certificates authority;
    private static NatsServerProcess nats;
    private static PaymentGatewaySimulator gateway;
    private static GreenMail mail;
    private static final Map<String, OrderflowProcess> flows = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        authority = Certificates.authority("orderflow-ca");
        for (String name : List.of("nats", "flows")) {
            authority.issue(name);
        }
        Map<String, String> serverEnvironment = new HashMap<>();
        PASSWORDS.forEach((user, password) -> serverEnvironment.put("NATS_" + user.toUpperCase() + "_PASSWORD", password));
        nats = NatsServerProcess.withConfiguration("include \"" + NatsServerProcess.includable(USERS) + "\"\n"
                + "tls { cert_file: \"" + authority.certificate("nats") + "\", key_file: \"" + authority.key("nats")
                + "\", ca_file: \"" + authority.authorityCertificate() + "\", verify: true }", serverEnvironment);

        Map<String, String> admin = new HashMap<>();
        identity("admin").forEach((variable, value) -> admin.put(property(variable), value));
        admin.put("orderflow.nats.url", nats.url());
        TopologyCommand.declare(admin);

        gateway = new PaymentGatewaySimulator(0);
        mail = new GreenMail(new ServerSetup(NatsServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        for (Map.Entry<String, String> group : GROUPS.entrySet()) {
            Map<String, String> environment = new HashMap<>(identity(group.getKey()));
            environment.put("NATS_URL", nats.url());
            environment.put("NATS_DECLARE_TOPOLOGY", "false");
            environment.put("ORDERFLOW_SERVICES", group.getValue());
            environment.put("HTTP_PORT", Integer.toString(NatsServerProcess.freePort()));
            environment.put("PAYMENT_GATEWAY_URL", gateway.url());
            environment.put("SMTP_PORT", Integer.toString(mail.getSmtp().getPort()));
            environment.put("CONSUMER_NACK_WAIT", "200ms");
            Files.deleteIfExists(log(group.getKey()));
            OrderflowProcess process = new OrderflowProcess(environment, log(group.getKey()));
            flows.put(group.getKey(), process);
            process.launch();
        }
        for (OrderflowProcess process : flows.values()) {
            process.awaitReady();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (OrderflowProcess process : flows.values()) {
            process.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (mail != null) {
            mail.stop();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void ordersGoThroughEveryFlowEachAsItsOwnUserWithinItsPermissions() throws Exception {
        OrderflowClient api = client("api");
        OrderflowClient inventory = client("inventory");
        inventory.setStock("LP-1", 5);
        String confirmed = api.placeOrder("c-lp", "LP-1", 2, "3.00");
        await().atMost(Duration.ofSeconds(60)).until(() -> api.status(confirmed).equals("CONFIRMED"));
        gateway.setDeclineRate(1.0);
        String declined = api.placeOrder("c-lp", "LP-1", 1, "3.00");
        await().atMost(Duration.ofSeconds(60)).until(() -> api.status(declined).equals("CANCELLED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> inventory.stock("LP-1") == 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.history(confirmed).size() == 5);
        assertEquals(200, api.get("/dlq").statusCode());

        for (String group : GROUPS.keySet()) {
            String printed = Files.readString(log(group));
            assertFalse(printed.contains("Permissions Violation"), group + " lacks a permission:\n" + violations(printed));
            assertFalse(printed.contains("ap1-pw") || printed.contains("paym3nt-pw"), group + " logged a password");
        }
    }

    @Test
    void thePaymentUserCannotPublishAnOrdersEvents() throws Exception {
        List<String> refused = new CopyOnWriteArrayList<>();
        Options.Builder options = new Options.Builder().server(nats.url()).errorListener(new ErrorListener() {
            @Override
            public void errorOccurred(Connection connection, String error) {
                refused.add(error);
            }
        });
        NatsIdentity payment = new NatsIdentity();
        payment.setUser("orderflow-payment");
        payment.setPassword(PASSWORDS.get("payment"));
        payment.setTlsCaFile(authority.authorityCertificate().toString());
        payment.setTlsCertFile(authority.certificate("flows").toString());
        payment.setTlsKeyFile(authority.key("flows").toString());
        payment.applyTo(options);
        try (Connection connection = Nats.connect(options.build())) {
            connection.publish("orders.confirmed.o-forged", "{}".getBytes());
            connection.flush(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).until(() -> refused.stream().anyMatch(e -> e.contains("Permissions Violation")));
            assertThrows(IOException.class, () -> connection.jetStream().publish("orders.confirmed.o-forged", "{}".getBytes()),
                    "JetStream does not store it");
            // a request it may not send gets no answer: it times out
            assertThrows(IOException.class, () -> connection.jetStreamManagement().deleteStream("ORDERS"),
                    "nor may it change the topology");
            // a push consumer would have the server publish its messages on any subject, a bucket's included
            assertThrows(IOException.class, () -> connection.jetStreamManagement().addOrUpdateConsumer("DLQ",
                    ConsumerConfiguration.builder().deliverSubject("$KV.charge-decisions.o-forged").build()),
                    "nor create a consumer");
        }
    }

    @Test
    void aFlowThatOnlyChecksTheTopologySaysWhatIsMissing() throws Exception {
        Map<String, String> environment = new HashMap<>(identity("payment"));
        environment.put("NATS_URL", nats.url());
        environment.put("NATS_DECLARE_TOPOLOGY", "false");
        environment.put("ORDERFLOW_SERVICES", "payment");
        environment.put("DEAD_LETTER_STREAM", "DEAD_LETTERS_NOT_DECLARED");
        environment.put("HTTP_PORT", Integer.toString(NatsServerProcess.freePort()));
        Path log = log("missing-topology");
        Files.deleteIfExists(log);
        try (OrderflowProcess process = new OrderflowProcess(environment, log)) {
            process.launch();
            await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive());
        }
        String printed = Files.readString(log);
        assertTrue(printed.contains("stream DEAD_LETTERS_NOT_DECLARED missing") && printed.contains("./orderflow topology"), printed);
    }

    private static Map<String, String> identity(String user) {
        return Map.of("NATS_USER", "orderflow-" + user, "NATS_PASSWORD", PASSWORDS.get(user),
                "NATS_CA", authority.authorityCertificate().toString(),
                "NATS_CERT", authority.certificate("flows").toString(),
                "NATS_KEY", authority.key("flows").toString());
    }

    /** The application.properties key that an identity variable (NATS_USER, ...) sets. */
    private static String property(String variable) {
        return switch (variable) {
            case "NATS_USER" -> "orderflow.nats.user";
            case "NATS_PASSWORD" -> "orderflow.nats.password";
            case "NATS_CA" -> "orderflow.nats.tls-ca";
            case "NATS_CERT" -> "orderflow.nats.tls-cert";
            case "NATS_KEY" -> "orderflow.nats.tls-key";
            default -> throw new IllegalArgumentException(variable);
        };
    }

    private static OrderflowClient client(String group) {
        return new OrderflowClient(flows.get(group).httpPort());
    }

    private static Path log(String group) {
        return OrderflowProcess.logFile("least-privilege-" + group);
    }

    private static List<String> violations(String printed) {
        List<String> lines = new ArrayList<>();
        for (String line : printed.split("\n")) {
            if (line.contains("Permissions Violation")) {
                lines.add(line);
            }
        }
        return lines;
    }
}
