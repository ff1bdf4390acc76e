package io.orderflow.sandbox.nats;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real JetStream-enabled nats-server of the test's own, on a free port with its own storage. */
public final class NatsServerProcess implements AutoCloseable {

    public static final String MINIMUM_VERSION = "2.10.0";

    private static final Path CONFIGURATIONS = Path.of(System.getProperty("java.io.tmpdir"));
    private static String executable;

    private final String name;
    private final int port;
    private final Path storage;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private Process process;

    /** A standalone server. */
    public NatsServerProcess() throws IOException {
        this("nats", freePort(), List.of());
    }

    /** A server named {@code name} on {@code port}, with more command-line {@code arguments} (a cluster node's). */
    NatsServerProcess(String name, int port, List<String> arguments) throws IOException {
        this(name, port, arguments, Map.of());
    }

    private NatsServerProcess(String name, int port, List<String> arguments, Map<String, String> environment) throws IOException {
        this.name = name;
        this.port = port;
        this.storage = Files.createTempDirectory("orderflow-" + name + "-");
        this.arguments = List.copyOf(arguments);
        this.environment = Map.copyOf(environment);
        start();
    }

    /**
     * A standalone server that also reads {@code configuration} (nats-server's configuration format): users,
     * permissions, TLS. The port, storage and JetStream still come from the command line.
     */
    public static NatsServerProcess withConfiguration(String configuration) throws IOException {
        return withConfiguration(configuration, Map.of());
    }

    /** The same, with {@code environment} for the server: the values of the configuration's $VARIABLES. */
    public static NatsServerProcess withConfiguration(String configuration, Map<String, String> environment) throws IOException {
        Path file = Files.createTempFile(CONFIGURATIONS, "orderflow-nats-", ".conf");
        Files.writeString(file, configuration);
        return new NatsServerProcess("nats", freePort(), List.of("-c", file.toString()), environment);
    }

    /** How a configuration given to {@link #withConfiguration} names {@code file} in an include: relative to its own folder. */
    public static String includable(Path file) {
        return CONFIGURATIONS.toAbsolutePath().relativize(file.toAbsolutePath().normalize()).toString();
    }

    /** The server's name, as JetStream names a stream's leader and replicas. */
    public String name() {
        return name;
    }

    /** The operating system's id of the running server. */
    public long pid() {
        return process.pid();
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public synchronized void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(executable(), "-js", "-n", name, "-a", "127.0.0.1",
                "-p", Integer.toString(port), "-sd", storage.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("/tmp/nats-" + port + ".log")))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nats-server exited with " + process.exitValue() + "; see /tmp/nats-" + port + ".log");
            }
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
        stop();
        start();
    }

    /** Stops the server as an operator would (SIGTERM): it finishes what it has in hand and leaves. */
    public synchronized void stop() throws InterruptedException {
        process.destroy();
        // a server still shutting down would keep its ports, and its successor could not bind them
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    public synchronized boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() throws Exception {
        kill();
        deleteRecursively(storage.toFile());
    }

    /**
     * The nats-server to run: {@code NATS_SERVER} when set, else the one {@code ./orderflow install-nats} unpacked
     * into the project's {@code .nats/}, else the system's. Older than {@value #MINIMUM_VERSION} is refused: the
     * flows rely on what 2.10 brought, and 2.9 is out of support.
     */
    public static synchronized String executable() throws IOException {
        if (executable == null) {
            String candidate = candidateExecutable();
            String version = versionOf(candidate);
            if (compareVersions(version, MINIMUM_VERSION) < 0) {
                throw new IOException(candidate + " is nats-server " + version + "; Orderflow needs " + MINIMUM_VERSION
                        + " or later: run ./orderflow install-nats, or point NATS_SERVER at one");
            }
            executable = candidate;
        }
        return executable;
    }

    private static String candidateExecutable() {
        String configured = System.getenv("NATS_SERVER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            Path installed = folder.resolve(".nats/bin/nats-server");
            if (Files.isExecutable(installed)) {
                return installed.toString();
            }
        }
        for (String system : new String[] {"/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"}) {
            if (new File(system).canExecute()) {
                return system;
            }
        }
        return "nats-server";
    }

    private static String versionOf(String candidate) throws IOException {
        Process probe = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
        String printed = new String(probe.getInputStream().readAllBytes()).trim();
        Matcher version = Pattern.compile("v(\\d+\\.\\d+\\.\\d+)").matcher(printed);
        if (!version.find()) {
            throw new IOException(candidate + " --version printed '" + printed + "', not a nats-server version");
        }
        return version.group(1);
    }

    static int compareVersions(String left, String right) {
        String[] leftParts = left.split("\\.");
        String[] rightParts = right.split("\\.");
        for (int i = 0; i < Math.max(leftParts.length, rightParts.length); i++) {
            int difference = Integer.compare(i < leftParts.length ? Integer.parseInt(leftParts[i]) : 0,
                    i < rightParts.length ? Integer.parseInt(rightParts[i]) : 0);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
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
