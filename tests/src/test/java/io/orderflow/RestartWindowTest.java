package io.orderflow;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.orderflow.sandbox.OrderflowClient;
import io.orderflow.testing.OrderflowProcesses;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that treats every 4xx as final keeps placing orders while the flows' process is terminated and
 * started again: it is answered 202, 503 with Retry-After, or not at all, and never 404.
 */
class RestartWindowTest {

    private record Answer(int status, String retryAfter) {
    }

    @Test
    void theApiNeverAnswers4xxToAValidOrderWhileTheProcessStopsAndStarts() throws Exception {
        List<Answer> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean placing = new AtomicBoolean(true);
        ExecutorService client = Executors.newFixedThreadPool(4);
        try (OrderflowProcesses cluster = new OrderflowProcesses("restart-window", Map.of("SHUTDOWN_TIMEOUT_SECONDS", "10"))) {
            cluster.setStock("WINDOW-1", 1_000_000);
            List<Future<?>> clients = new java.util.ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int id = thread;
                clients.add(client.submit(() -> placeOrders(cluster, "client-" + id, placing, answers)));
            }
            Thread.sleep(500);
            long signalled = cluster.flows.signalTerminate();
            cluster.flows.awaitExit(signalled, Duration.ofSeconds(20));
            cluster.flows.launch();
            cluster.flows.awaitReady();
            Thread.sleep(500);
            placing.set(false);
            for (Future<?> running : clients) {
                running.get();
            }
        } finally {
            client.shutdownNow();
        }
        List<Answer> refused = answers.stream().filter(answer -> answer.status() >= 400 && answer.status() < 500).toList();
        assertEquals(List.of(), refused, "valid orders answered with a 4xx");
        List<Answer> retryLater = answers.stream().filter(answer -> answer.status() == 503).toList();
        assertTrue(retryLater.stream().allMatch(answer -> "1".equals(answer.retryAfter())), "503 without Retry-After");
        assertTrue(answers.stream().filter(answer -> answer.status() == 202).count() > 10, "orders accepted: " + answers.size());
        assertTrue(!retryLater.isEmpty(), "the restart windows were never hit: " + answers.size() + " answers");
    }

    private static Void placeOrders(OrderflowClient cluster, String name, AtomicBoolean placing, List<Answer> answers)
            throws Exception {
        for (int i = 0; placing.get(); i++) {
            try {
                HttpResponse<String> response = cluster.post("/orders", OrderflowClient.orderJson("c-1", "WINDOW-1", 1, "1.00"),
                        Map.of("Idempotency-Key", name + "-" + i));
                answers.add(new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null)));
            } catch (IOException notListening) {
                Thread.sleep(5);
            }
        }
        return null;
    }
}
