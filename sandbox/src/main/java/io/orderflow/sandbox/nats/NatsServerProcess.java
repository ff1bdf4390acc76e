package io.orderflow.sandbox.nats;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real JetStream-enabled nats-server of the test's own, on a free port with its own storage. */
public final class NatsServerProcess implements AutoCloseable {

    private final int port;
    private final Path storage;
    private Process process;

    public NatsServerProcess() throws IOException {
        this.port = freePort();
        this.storage = Files.createTempDirectory("orderflow-nats-");
        start();
    }

    /** The operating system's id of the running server. */
    public long pid() {
        return process.pid();
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public synchronized void start() throws IOException {
        process = new ProcessBuilder(executable(), "-js", "-a", "127.0.0.1", "-p", Integer.toString(port),
                "-sd", storage.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("/tmp/nats-" + port + ".log")))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IOException("nats-server did not listen on " + port + "; see /tmp/nats-" + port + ".log");
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops the server as an operator would (SIGTERM) and starts it again on the same port and storage. */
    public void restart() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor(20, TimeUnit.SECONDS);
        start();
    }

    @Override
    public void close() throws Exception {
        kill();
        deleteRecursively(storage.toFile());
    }

    private static String executable() {
        for (String candidate : new String[] {"/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"}) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return "nats-server";
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteRecursively(child);
            }
        }
        file.delete();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
