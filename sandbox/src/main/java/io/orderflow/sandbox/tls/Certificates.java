package io.orderflow.sandbox.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate authority of a test's own, made with {@code openssl} in a temporary folder, and certificates it
 * signs for a server on 127.0.0.1 and for clients. Keys are PKCS#8 PEM, as {@code openssl genpkey} writes them.
 */
public final class Certificates {

    private final Path folder;
    private final String authority;

    private Certificates(Path folder, String authority) {
        this.folder = folder;
        this.authority = authority;
    }

    /** A new authority called {@code authority}, with its key and self-signed certificate. */
    public static Certificates authority(String authority) throws IOException, InterruptedException {
        Certificates certificates = new Certificates(Files.createTempDirectory("orderflow-tls-"), authority);
        certificates.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", authority + ".key");
        certificates.openssl("req", "-x509", "-new", "-key", authority + ".key", "-subj", "/CN=" + authority,
                "-days", "2", "-out", authority + ".pem");
        return certificates;
    }

    public Path authorityCertificate() {
        return folder.resolve(authority + ".pem");
    }

    /** Issues {@code name}.pem and {@code name}.key, for 127.0.0.1 and localhost; answers the certificate's path. */
    public Path issue(String name) throws IOException, InterruptedException {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
        openssl("req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
        Files.writeString(folder.resolve(name + ".ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth,clientAuth\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", authority + ".pem", "-CAkey", authority + ".key",
                "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
        return certificate(name);
    }

    public Path certificate(String name) {
        return folder.resolve(name + ".pem");
    }

    public Path key(String name) {
        return folder.resolve(name + ".key");
    }

    private void openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process openssl = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (openssl.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
