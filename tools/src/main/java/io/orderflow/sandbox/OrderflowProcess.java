package io.orderflow.sandbox;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.orderflow.OrderflowApplication;

/** Orderflow as its own JVM, started the way a user starts it, so a test can kill -9 or SIGTERM it. */
public final class OrderflowProcess implements AutoCloseable {

    private final Map<String, String> environment;
    private final Path log;
    private final int httpPort;
    private final List<String> jvmOptions;
    private final String mainClass;
    private final List<String> extraClasspath;
    private final Path directory;
    private Process process;

    public OrderflowProcess(Map<String, String> environment, Path log) {
        this(environment, log, List.of("-Xmx512m"));
    }

    public OrderflowProcess(Map<String, String> environment, Path log, List<String> jvmOptions) {
        this(environment, log, jvmOptions, OrderflowApplication.class.getName(), List.of(), Path.of(""));
    }

    private OrderflowProcess(Map<String, String> environment, Path log, List<String> jvmOptions, String mainClass,
            List<String> extraClasspath, Path directory) {
        this.environment = environment;
        this.log = log;
        this.httpPort = Integer.parseInt(environment.get("HTTP_PORT"));
        this.jvmOptions = jvmOptions;
        this.mainClass = mainClass;
        this.extraClasspath = List.copyOf(extraClasspath);
        this.directory = directory;
    }

    /**
     * Orderflow started by another main class in {@code directory}, with {@code extraClasspath} before this
     * JVM's: {@code camel run} on a project folder, for instance.
     */
    public static OrderflowProcess launchedBy(String mainClass, List<String> extraClasspath, Path directory,
            Map<String, String> environment, Path log) {
        return new OrderflowProcess(environment, log, List.of("-Xmx512m"), mainClass, extraClasspath, directory);
    }

    /** The operating system's id of the running process. */
    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    public void start() throws IOException, InterruptedException {
        launch();
        awaitReady();
    }

    /** Starts the JVM and returns at once, while Orderflow is still starting. */
    public void launch() throws IOException {
        List<String> classpath = new ArrayList<>(extraClasspath);
        classpath.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), mainClass));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toAbsolutePath().toFile()));
        builder.environment().putAll(environment);
        if (Stream.of("HTTP_AUTH", "HTTP_USERS_FILE", "HTTP_JWT_PUBLIC_KEY").noneMatch(environment::containsKey)) {
            // a sandbox's clients (tests, chaos, load) call without credentials unless the environment configures them
            builder.environment().put("HTTP_AUTH", "off");
        }
        process = builder.start();
    }

    /** Waits until readiness answers UP; fails when the process exits first or takes over 60 s. */
    public void awaitReady() throws InterruptedException, IOException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Orderflow exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/observe/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("Orderflow not ready within 60 s; see " + log);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the exit; answers how long the shutdown took. */
    public Duration terminate(Duration atMost) throws InterruptedException {
        long started = System.nanoTime();
        process.destroy();
        return awaitExit(started, atMost);
    }

    /** SIGTERM without waiting: the process drains while the caller watches it. */
    public long signalTerminate() {
        long started = System.nanoTime();
        process.destroy();
        return started;
    }

    /** Waits for the exit of a process told to stop at {@code started}; answers how long it took. */
    public Duration awaitExit(long started, Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Orderflow did not exit within " + atMost + " of SIGTERM; see " + log);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    public static Path logFile(String name) {
        File dir = new File("target/process-logs");
        dir.mkdirs();
        return dir.toPath().resolve(name + ".log");
    }
}
