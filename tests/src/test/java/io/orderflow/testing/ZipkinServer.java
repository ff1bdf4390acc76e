package io.orderflow.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.event.Json;
import io.orderflow.sandbox.OrderflowProcess;
import io.orderflow.sandbox.nats.NatsServerProcess;

/**
 * Zipkin 3.5.1 with in-memory storage, as a process of its own on a free port: a real trace backend. Its
 * executable jar is where the build copied it (tests/pom.xml, maven-dependency-plugin).
 */
public final class ZipkinServer implements AutoCloseable {

    private static final Path JAR = Path.of("target/zipkin/zipkin-server.jar");

    private final int port;
    private final Path log;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ZipkinServer(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts Zipkin and returns at once; {@link #awaitReady()} waits for it. */
    public static ZipkinServer launch() throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build the tests module with Maven, which copies it");
        }
        int port = NatsServerProcess.freePort();
        Path log = OrderflowProcess.logFile("zipkin");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a small, quickly started JVM: it stores one test's spans
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("QUERY_PORT", Integer.toString(port));
        builder.environment().put("STORAGE_TYPE", "mem");
        return new ZipkinServer(port, log, builder.start());
    }

    /** Where spans are sent: OTEL_EXPORTER_ZIPKIN_ENDPOINT. */
    public String spansUrl() {
        return url("/api/v2/spans");
    }

    /** Waits until Zipkin reports itself up; fails when it exits first or takes over 60 s. */
    public void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Zipkin exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("Zipkin not ready within 60 s; see " + log);
    }

    /** The spans of a trace, as Zipkin's API answers them; none while it knows none. */
    public List<JsonNode> trace(String traceId) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v2/trace/" + traceId);
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET /api/v2/trace/" + traceId + " answered " + response.statusCode() + " " + response.body());
        }
        List<JsonNode> spans = new ArrayList<>();
        Json.MAPPER.readTree(response.body()).forEach(spans::add);
        return spans;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
