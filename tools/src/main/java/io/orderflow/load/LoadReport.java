package io.orderflow.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.orderflow.event.Json;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured. Throughput counts orders that reached their terminal state, from the first POST
 * to the last terminal event; latencies run from an order's POST to its terminal event.
 */
public record LoadReport(
        @JsonProperty("offered_rate") String offeredRate,
        long submitted,
        long accepted,
        Map<String, Long> refused,
        long failed,
        long confirmed,
        long cancelled,
        long unfinished,
        @JsonProperty("submit_seconds") double submitSeconds,
        @JsonProperty("submitted_per_second") double submittedPerSecond,
        @JsonProperty("orders_per_second") double ordersPerSecond,
        @JsonProperty("latency_ms") Latency latency) {

    public record Latency(double p50, double p95, double p99, double max) {

        /** From a histogram of microseconds, in milliseconds to a tenth. */
        static Latency of(Histogram micros) {
            return new Latency(millis(micros.getValueAtPercentile(50)), millis(micros.getValueAtPercentile(95)),
                    millis(micros.getValueAtPercentile(99)), millis(micros.getMaxValue()));
        }

        private static double millis(long micros) {
            return Math.round(micros / 100.0) / 10.0;
        }
    }

    public String text() {
        return String.format("""
                offered            %s orders/s
                submitted          %d in %.1f s (%.0f/s)
                accepted           %d
                refused            %s
                failed to send     %d
                confirmed          %d
                cancelled          %d
                unfinished         %d
                throughput         %.0f orders/s to a terminal state
                latency (POST to terminal event)  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms
                """, offeredRate, submitted, submitSeconds, submittedPerSecond, accepted,
                refused.isEmpty() ? "0" : refused, failed, confirmed, cancelled, unfinished, ordersPerSecond,
                latency.p50, latency.p95, latency.p99, latency.max);
    }

    public void write(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }
}
