package io.orderflow.jetstream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import io.nats.client.NKey;
import io.orderflow.sandbox.nats.NatsServerProcess;
import io.orderflow.sandbox.tls.Certificates;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each way NATS can know a client, against a nats-server that demands it; a wrong secret never shows in the error. */
class NatsIdentityTest {

    @Test
    void userAndPassword() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.withConfiguration(
                "authorization { users = [ { user: flows, password: \"s3cret-pw\" } ] }")) {
            assertConnects(nats, identity -> {
                identity.setUser("flows");
                identity.setPassword("s3cret-pw");
            });
            assertRefused(nats, "wr0ng-pw", identity -> {
                identity.setUser("flows");
                identity.setPassword("wr0ng-pw");
            });
            assertRefused(nats, "s3cret-pw", identity -> { });
        }
    }

    @Test
    void token() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.withConfiguration("authorization { token: \"t0ken-abc\" }")) {
            assertConnects(nats, identity -> identity.setToken("t0ken-abc"));
            assertRefused(nats, "t0ken-xyz", identity -> identity.setToken("t0ken-xyz"));
        }
    }

    @Test
    void nkeySeedFile() throws Exception {
        NKey user = NKey.createUser(null);
        Path seed = Files.createTempFile("user-", ".nk");
        Files.writeString(seed, new String(user.getSeed()));
        try (NatsServerProcess nats = NatsServerProcess.withConfiguration(
                "authorization { users = [ { nkey: " + new String(user.getPublicKey()) + " } ] }")) {
            assertConnects(nats, identity -> identity.setNkeyFile(seed.toString()));
            NKey stranger = NKey.createUser(null);
            Path strangerSeed = Files.createTempFile("stranger-", ".nk");
            Files.writeString(strangerSeed, new String(stranger.getSeed()));
            assertRefused(nats, new String(stranger.getSeed()), identity -> identity.setNkeyFile(strangerSeed.toString()));
        }
    }

    @Test
    void mutualTls() throws Exception {
        Certificates authority = Certificates.authority("orderflow-ca");
        authority.issue("nats");
        authority.issue("flows");
        Certificates stranger = Certificates.authority("stranger-ca");
        stranger.issue("intruder");
        // a line of the client's private key: no refusal may quote it
        String flowsKey = Files.readAllLines(authority.key("flows")).get(1);
        try (NatsServerProcess nats = NatsServerProcess.withConfiguration("tls { cert_file: \"" + authority.certificate("nats")
                + "\", key_file: \"" + authority.key("nats") + "\", ca_file: \"" + authority.authorityCertificate()
                + "\", verify: true }")) {
            assertConnects(nats, identity -> {
                identity.setTlsCaFile(authority.authorityCertificate().toString());
                identity.setTlsCertFile(authority.certificate("flows").toString());
                identity.setTlsKeyFile(authority.key("flows").toString());
            });
            assertRefused(nats, flowsKey, identity -> identity.setTlsCaFile(authority.authorityCertificate().toString()));
            assertRefused(nats, flowsKey, identity -> {
                identity.setTlsCaFile(authority.authorityCertificate().toString());
                identity.setTlsCertFile(stranger.certificate("intruder").toString());
                identity.setTlsKeyFile(stranger.key("intruder").toString());
            });
            // the client does not trust a server whose certificate another authority signed
            assertRefused(nats, flowsKey, identity -> {
                identity.setTlsCaFile(stranger.authorityCertificate().toString());
                identity.setTlsCertFile(authority.certificate("flows").toString());
                identity.setTlsKeyFile(authority.key("flows").toString());
            });
        }
    }

    @Test
    void twoWaysOfAuthenticatingAtOnceAreRefusedBeforeConnecting() {
        JetStreamConnection connection = new JetStreamConnection();
        connection.getIdentity().setToken("t0ken-abc");
        connection.getIdentity().setUser("flows");
        Exception refused = assertThrows(Exception.class, connection::start);
        assertTrue(String.valueOf(refused.getMessage() + refused.getCause()).contains("more than one way"), refused.toString());
    }

    private static void assertConnects(NatsServerProcess nats, Consumer<NatsIdentity> settings) throws Exception {
        JetStreamConnection connection = connection(nats, settings);
        try {
            connection.start();
            assertTrue(connection.isConnected());
            connection.management().getAccountStatistics();
        } finally {
            connection.stop();
        }
    }

    /** Start-up fails within its timeout, with a message that names the server but not {@code secret}. */
    private static void assertRefused(NatsServerProcess nats, String secret, Consumer<NatsIdentity> settings) {
        JetStreamConnection connection = connection(nats, settings);
        Exception refused = assertThrows(Exception.class, connection::start);
        String message = refused.getMessage() + " " + refused.getCause();
        assertTrue(message.contains("127.0.0.1:"), message);
        assertFalse(message.contains(secret), message);
    }

    private static JetStreamConnection connection(NatsServerProcess nats, Consumer<NatsIdentity> settings) {
        JetStreamConnection connection = new JetStreamConnection();
        connection.setUrl(nats.url());
        connection.setStartupTimeout(Duration.ofSeconds(1));
        settings.accept(connection.getIdentity());
        return connection;
    }
}
