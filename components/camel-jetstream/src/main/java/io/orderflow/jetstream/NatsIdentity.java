package io.orderflow.jetstream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * Who a client is to NATS and how it trusts the server, named as the {@code nats} command-line tool names them:
 * user and password, token, an nkey seed file, a {@code .creds} file, and TLS from PEM files (the server's CA,
 * and a certificate and key for mutual TLS). camel-nats 4.17 ignores its credentials and TLS options when it
 * builds a connection, and neither jnats nor the JDK reads PEM keys, hence this class.
 */
public class NatsIdentity {

    private String user;
    private String password;
    private String token;
    private String nkeyFile;
    private String credentialsFile;
    private String tlsCaFile;
    private String tlsCertFile;
    private String tlsKeyFile;

    public void setUser(String user) {
        this.user = blankToNull(user);
    }

    public void setPassword(String password) {
        this.password = blankToNull(password);
    }

    public void setToken(String token) {
        this.token = blankToNull(token);
    }

    /** A file holding an nkey seed ({@code SU…}), as {@code nsc} or {@code nk -gen user} writes it. */
    public void setNkeyFile(String nkeyFile) {
        this.nkeyFile = blankToNull(nkeyFile);
    }

    /** A {@code .creds} file: a user JWT and its nkey seed. */
    public void setCredentialsFile(String credentialsFile) {
        this.credentialsFile = blankToNull(credentialsFile);
    }

    /** PEM certificates of the authorities that sign the server's certificate; turns TLS on. */
    public void setTlsCaFile(String tlsCaFile) {
        this.tlsCaFile = blankToNull(tlsCaFile);
    }

    /** PEM client certificate (and chain) for mutual TLS, with {@link #setTlsKeyFile}. */
    public void setTlsCertFile(String tlsCertFile) {
        this.tlsCertFile = blankToNull(tlsCertFile);
    }

    /** PEM PKCS#8 private key of the client certificate ({@code BEGIN PRIVATE KEY}). */
    public void setTlsKeyFile(String tlsKeyFile) {
        this.tlsKeyFile = blankToNull(tlsKeyFile);
    }

    public void applyTo(Options.Builder builder) throws IOException, GeneralSecurityException {
        long ways = Stream.of(user != null || password != null, token != null, nkeyFile != null,
                credentialsFile != null).filter(Boolean::booleanValue).count();
        if (ways > 1) {
            throw new IllegalArgumentException("NATS authentication is set more than one way: use one of user and password "
                    + "(NATS_USER, NATS_PASSWORD), a token (NATS_TOKEN), an nkey (NATS_NKEY) or a creds file (NATS_CREDS)");
        }
        if (user != null || password != null) {
            builder.userInfo(user, password);
        }
        if (user != null) {
            // replies (requests, pulls, KV reads) come to inboxes of this user's own, which a server can let only it
            // read (kubernetes/base/nats-users.conf): no user reads another's answers
            builder.inboxPrefix("_INBOX_" + user);
        }
        if (token != null) {
            builder.token(token.toCharArray());
        }
        if (nkeyFile != null) {
            char[] seed = Files.readString(Path.of(nkeyFile), StandardCharsets.US_ASCII).trim().toCharArray();
            builder.authHandler(Nats.staticCredentials(null, seed));
        }
        if (credentialsFile != null) {
            builder.authHandler(Nats.credentials(credentialsFile));
        }
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            throw new IllegalArgumentException("Mutual TLS needs both a certificate and its key (NATS_CERT and NATS_KEY)");
        }
        if (tlsCaFile != null || tlsCertFile != null) {
            builder.sslContext(sslContext());
        }
    }

    private SSLContext sslContext() throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        if (tlsCaFile != null) {
            int i = 0;
            for (Certificate authority : certificates(tlsCaFile)) {
                trusted.setCertificateEntry("ca-" + i++, authority);
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(tlsCaFile == null ? null : trusted);
        KeyManagerFactory keys = null;
        if (tlsCertFile != null) {
            KeyStore own = KeyStore.getInstance(KeyStore.getDefaultType());
            own.load(null, null);
            char[] unused = new char[0];
            own.setKeyEntry("client", privateKey(tlsKeyFile), unused, certificates(tlsCertFile).toArray(Certificate[]::new));
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(own, unused);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static Collection<? extends Certificate> certificates(String file) throws IOException, GeneralSecurityException {
        try (InputStream pem = Files.newInputStream(Path.of(file))) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(pem);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException(file + " holds no PEM certificate");
            }
            return certificates;
        }
    }

    private static PrivateKey privateKey(String file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new GeneralSecurityException(file + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with "
                    + "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        String body = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException notThisAlgorithm) {
                // the PKCS#8 header names the algorithm, but KeyFactory has to be asked per algorithm
            }
        }
        throw new GeneralSecurityException(file + " holds a key that is neither RSA, EC nor Ed25519");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
