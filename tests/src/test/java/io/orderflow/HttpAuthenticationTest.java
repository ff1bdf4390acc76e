package io.orderflow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.orderflow.event.Json;
import io.orderflow.sandbox.OrderflowClient;
import io.orderflow.sandbox.OrderflowProcess;
import io.orderflow.sandbox.nats.NatsServerProcess;
import io.orderflow.testing.OrderflowProcesses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP authentication as production runs it: basic authentication from a users file, and JWT bearer tokens with
 * issuer and audience checked. 401 without valid credentials, 403 in the wrong role, a caller sees only its own
 * orders and keys, and nothing a caller sends poses as Orderflow's own headers.
 */
class HttpAuthenticationTest {

    private static final String ORDER = OrderflowClient.orderJson("c-auth", "SKU-AUTH", 1, "5.00");
    private static Path users;
    private static OrderflowProcesses system;

    @BeforeAll
    static void start() throws Exception {
        users = Files.createTempFile("http-users-", ".properties");
        Files.writeString(users, """
                user.shop-a = a-s3cret,orders
                user.shop-b = b-s3cret,orders
                user.ops = ops-s3cret,operator
                """);
        Files.deleteIfExists(OrderflowProcess.logFile("http-auth"));
        system = new OrderflowProcesses("http-auth", Map.of("HTTP_USERS_FILE", users.toString()));
        assertEquals(200, call("PUT", "/inventory/SKU-AUTH", "{\"available\":100}", basic("ops", "ops-s3cret")).statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        if (system != null) {
            system.close();
            String printed = Files.readString(OrderflowProcess.logFile("http-auth"));
            for (String secret : List.of("a-s3cret", "b-s3cret", "ops-s3cret")) {
                assertFalse(printed.contains(secret), "a password in the log");
            }
        }
        Files.deleteIfExists(users);
    }

    @Test
    void withoutValidCredentialsEveryCallButTheProbesAndTheScrapeAnswers401() throws Exception {
        for (String[] request : List.of(new String[] {"POST", "/orders"}, new String[] {"GET", "/orders/o-1"},
                new String[] {"GET", "/orders/o-1/events"}, new String[] {"PUT", "/inventory/SKU-AUTH"},
                new String[] {"GET", "/inventory/SKU-AUTH"}, new String[] {"GET", "/dlq"}, new String[] {"POST", "/observe/jolokia"},
                new String[] {"GET", "/no-such-path"})) {
            assertEquals(401, call(request[0], request[1], "{}", Map.of()).statusCode(), request[0] + " " + request[1]);
            assertEquals(401, call(request[0], request[1], "{}", basic("shop-a", "wrong")).statusCode(), "wrong password");
        }
        assertEquals(200, call("GET", "/observe/health/ready", null, Map.of()).statusCode());
        assertEquals(200, call("GET", "/observe/metrics", null, Map.of()).statusCode());
    }

    @Test
    void callersOfTheOrderApiAndOperatorsHaveRolesOfTheirOwn() throws Exception {
        Map<String, String> shop = basic("shop-a", "a-s3cret");
        Map<String, String> ops = basic("ops", "ops-s3cret");
        assertEquals(403, call("PUT", "/inventory/SKU-AUTH", "{\"available\":1}", shop).statusCode());
        assertEquals(403, call("GET", "/dlq", null, shop).statusCode());
        assertEquals(403, call("POST", "/observe/jolokia", "{\"type\":\"version\"}", shop).statusCode());
        assertEquals(200, call("GET", "/inventory/SKU-AUTH", null, shop).statusCode());
        assertEquals(403, call("POST", "/orders", ORDER, ops).statusCode(), "an operator does not shop");
        assertEquals(200, call("GET", "/dlq", null, ops).statusCode());
        assertEquals(200, call("POST", "/observe/jolokia", "{\"type\":\"version\"}", ops).statusCode());
    }

    @Test
    void aCallerReadsOnlyItsOwnOrdersAndItsKeysAreItsOwn() throws Exception {
        Map<String, String> shopA = withKey(basic("shop-a", "a-s3cret"), "checkout-1");
        Map<String, String> shopB = withKey(basic("shop-b", "b-s3cret"), "checkout-1");
        HttpResponse<String> placedByA = call("POST", "/orders", ORDER, shopA);
        assertEquals(202, placedByA.statusCode(), placedByA.body());
        String orderOfA = OrderflowClient.json(placedByA).get("order_id").asText();

        // the same key from another caller with another order is another order, not a 422 naming A's
        HttpResponse<String> placedByB = call("POST", "/orders", OrderflowClient.orderJson("c-other", "SKU-AUTH", 2, "5.00"), shopB);
        assertEquals(202, placedByB.statusCode(), placedByB.body());
        String orderOfB = OrderflowClient.json(placedByB).get("order_id").asText();
        assertNotEquals(orderOfA, orderOfB);
        assertFalse(placedByB.body().contains(orderOfA));

        assertEquals(200, call("GET", "/orders/" + orderOfA, null, shopA).statusCode());
        HttpResponse<String> readByB = call("GET", "/orders/" + orderOfA, null, shopB);
        assertEquals(404, readByB.statusCode(), "B cannot tell A's order from a missing one");
        assertEquals(404, call("GET", "/orders/" + orderOfA + "/events", null, shopB).statusCode());
        assertEquals(200, call("GET", "/orders/" + orderOfA, null, basic("ops", "ops-s3cret")).statusCode(), "an operator reads any order");
    }

    @Test
    void headersACallerSendsNeverPoseAsOrderflowsOwn() throws Exception {
        Map<String, String> forging = withKey(basic("shop-a", "a-s3cret"), "forging-1");
        forging.put("X-Orderflow-Caller", "shop-b");
        forging.put("X-Orderflow-Operator", "true");
        forging.put("Orderflow-Dead-Letter-Reason", "forged");
        // Camel makes query parameters headers too
        HttpResponse<String> placed = call("POST", "/orders?Orderflow-Replayed-From=1&X-Orderflow-Caller=shop-b", ORDER, forging);
        assertEquals(202, placed.statusCode(), placed.body());
        String orderId = OrderflowClient.json(placed).get("order_id").asText();
        try (Connection nats = Nats.connect(system.natsNodes.urls())) {
            MessageInfo created = nats.jetStreamManagement().getLastMessage("ORDERS", "orders.created." + orderId);
            JsonNode event = Json.MAPPER.readTree(created.getData());
            assertEquals("shop-a", event.path("data").path("placed_by").asText(), event.toString());
            for (String forged : List.of("Orderflow-Dead-Letter-Reason", "Orderflow-Replayed-From", "X-Orderflow-Caller")) {
                assertNull(created.getHeaders() == null ? null : created.getHeaders().get(forged), forged);
            }
        }
        assertEquals(404, call("GET", "/orders/" + orderId, null, withKey(basic("shop-b", "b-s3cret"), "x")).statusCode());
    }

    @Test
    void bearerTokensAreCheckedForSignatureIssuerAudienceExpiryAndRole() throws Exception {
        KeyPair key = rsaKeyPair();
        Path publicKey = Files.createTempFile("jwt-", ".pem");
        Files.writeString(publicKey, pem("PUBLIC KEY", key.getPublic().getEncoded()));
        int port = NatsServerProcess.freePort();
        Vertx vertx = Vertx.vertx();
        try (OrderflowProcess jwtFlows = new OrderflowProcess(Map.of("NATS_URL", system.natsNodes.urls(), "HTTP_PORT",
                Integer.toString(port), "HTTP_JWT_PUBLIC_KEY", publicKey.toString(), "HTTP_JWT_ISSUER", "https://idp.example",
                "HTTP_JWT_AUDIENCE", "orderflow", "ORDERFLOW_SERVICES", "orders,audit"), OrderflowProcess.logFile("http-auth-jwt"))) {
            jwtFlows.start();
            JWTAuth issuer = signer(vertx, key);
            JWTAuth stranger = signer(vertx, rsaKeyPair());
            JsonObject shop = new JsonObject().put("sub", "shop-jwt").put("roles", new JsonArray().add("orders"));

            assertEquals(202, post(port, token(issuer, shop, "https://idp.example", "orderflow", 60)).statusCode());
            assertEquals(401, post(port, token(stranger, shop, "https://idp.example", "orderflow", 60)).statusCode(), "another key");
            assertEquals(401, post(port, token(issuer, shop, "https://other.example", "orderflow", 60)).statusCode(), "another issuer");
            assertEquals(401, post(port, token(issuer, shop, "https://idp.example", "another-api", 60)).statusCode(), "another audience");
            assertEquals(401, post(port, token(issuer, shop.copy().put("exp", System.currentTimeMillis() / 1000 - 120),
                    "https://idp.example", "orderflow", 0)).statusCode(), "expired");
            JsonObject noRole = new JsonObject().put("sub", "someone");
            assertEquals(403, post(port, token(issuer, noRole, "https://idp.example", "orderflow", 60)).statusCode(), "no role");
            JsonObject nobody = new JsonObject().put("roles", new JsonArray().add("orders"));
            assertEquals(401, post(port, token(issuer, nobody, "https://idp.example", "orderflow", 60)).statusCode(), "no subject");
            assertEquals(401, post(port, token(issuer, shop, "https://idp.example", "orderflow", 0)).statusCode(), "no expiry");

            // the token's subject owns what it places
            HttpResponse<String> placed = post(port, token(issuer, shop, "https://idp.example", "orderflow", 60));
            String orderId = Json.MAPPER.readTree(placed.body()).get("order_id").asText();
            JsonObject other = new JsonObject().put("sub", "shop-other").put("roles", new JsonArray().add("orders"));
            assertEquals(200, get(port, "/orders/" + orderId, token(issuer, shop, "https://idp.example", "orderflow", 60)).statusCode());
            assertEquals(404, get(port, "/orders/" + orderId, token(issuer, other, "https://idp.example", "orderflow", 60)).statusCode());
        } finally {
            vertx.close();
            Files.deleteIfExists(publicKey);
        }
    }

    @Test
    void withNothingConfiguredAndAuthenticationNotSwitchedOffTheProcessRefusesToStartSayingWhatToSet() throws Exception {
        Path log = OrderflowProcess.logFile("http-auth-missing");
        Files.deleteIfExists(log);
        try (OrderflowProcess unconfigured = new OrderflowProcess(Map.of("NATS_URL", system.natsNodes.urls(), "HTTP_PORT",
                Integer.toString(NatsServerProcess.freePort()), "HTTP_AUTH", ""), log)) {
            unconfigured.launch();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (unconfigured.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertFalse(unconfigured.isAlive(), "the process exits");
            String printed = Files.readString(log);
            assertTrue(printed.contains("set HTTP_USERS_FILE") && printed.contains("HTTP_AUTH=off"), printed);
        }
    }

    private static HttpResponse<String> post(int port, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
                .POST(HttpRequest.BodyPublishers.ofString(ORDER)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JWTAuth signer(Vertx vertx, KeyPair key) {
        return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256")
                .setBuffer(pem("PRIVATE KEY", key.getPrivate().getEncoded()))));
    }

    private static String token(JWTAuth signer, JsonObject claims, String issuer, String audience, int expiresInSeconds) {
        JWTOptions options = new JWTOptions().setAlgorithm("RS256").setIssuer(issuer).setAudience(List.of(audience));
        if (expiresInSeconds > 0) {
            options.setExpiresInSeconds(expiresInSeconds);
        }
        return signer.generateToken(claims, options);
    }

    private static KeyPair rsaKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Map<String, String> basic(String user, String password) {
        return new java.util.HashMap<>(Map.of("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes())));
    }

    private static Map<String, String> withKey(Map<String, String> headers, String idempotencyKey) {
        Map<String, String> with = new java.util.HashMap<>(headers);
        with.put("Idempotency-Key", idempotencyKey);
        return with;
    }

    private static HttpResponse<String> call(String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + system.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
