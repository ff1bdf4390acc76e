package io.orderflow.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.event.Json;
import io.orderflow.sandbox.OrderflowProcess;
import io.orderflow.sandbox.nats.NatsServerProcess;

/**
 * A real Prometheus (Debian's package, which {@code ./orderflow test} unpacks into {@code .prometheus/}) on a free
 * port with storage of its own, scraping one target's {@code /observe/metrics} every second and evaluating the
 * shipped alert rules as often.
 */
public final class PrometheusServer implements AutoCloseable {

    private final int port;
    private final Path home;
    private final Path log;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(int port, Path home, Path log, Process process) {
        this.port = port;
        this.home = home;
        this.log = log;
        this.process = process;
    }

    /** Starts Prometheus scraping the process on {@code targetPort} with {@code rules} loaded; returns once it is ready. */
    public static PrometheusServer scraping(int targetPort, Path rules) throws IOException, InterruptedException {
        int port = NatsServerProcess.freePort();
        Path home = Files.createTempDirectory("prometheus-");
        Path configuration = home.resolve("prometheus.yml");
        Files.writeString(configuration, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: orderflow
                    metrics_path: /observe/metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(rules.toAbsolutePath(), targetPort));
        Path log = OrderflowProcess.logFile("prometheus");
        Process process = new ProcessBuilder(executable(), "--config.file=" + configuration,
                "--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        PrometheusServer prometheus = new PrometheusServer(port, home, log, process);
        prometheus.awaitReady();
        return prometheus;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Prometheus exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("Prometheus not ready within 60 s; see " + log);
    }

    /** The value of an instant query that answers one sample, or NaN when it answers none. */
    public double value(String promQl) throws IOException, InterruptedException {
        JsonNode result = query(promQl);
        if (result.isEmpty()) {
            return Double.NaN;
        }
        if (result.size() > 1) {
            throw new IOException(promQl + " answered " + result.size() + " series: " + result);
        }
        return result.get(0).path("value").get(1).asDouble();
    }

    /** The result of an instant query, as Prometheus's HTTP API answers it. */
    public JsonNode query(String promQl) throws IOException, InterruptedException {
        return data("/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8)).path("result");
    }

    /** The alerts the loaded rules hold now, pending or firing. */
    public JsonNode alerts() throws IOException, InterruptedException {
        return data("/api/v1/alerts").path("alerts");
    }

    private JsonNode data(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        JsonNode answer = Json.MAPPER.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(answer.path("status").asText())) {
            throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return answer.path("data");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Prometheus on the PATH (./orderflow test puts its own there), else the one in the project's .prometheus/. */
    private static String executable() {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(folder, "prometheus");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            Path installed = folder.resolve(".prometheus/root/usr/bin/prometheus");
            if (Files.isExecutable(installed)) {
                return installed.toString();
            }
        }
        throw new IllegalStateException("prometheus is neither on the PATH nor in .prometheus/: run ./orderflow test, "
                + "which unpacks Debian's prometheus package there");
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
