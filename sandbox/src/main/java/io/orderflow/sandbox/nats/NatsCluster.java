package io.orderflow.sandbox.nats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A JetStream cluster of real nats-server processes on this machine, each on free ports with its own storage,
 * routed to every other, so that streams can be replicated and a node killed while the others carry on. A
 * cluster of one is a standalone server.
 */
public final class NatsCluster implements AutoCloseable {

    public static final String NAME = "orderflow";

    private final List<NatsServerProcess> nodes = new ArrayList<>();

    public NatsCluster(int size) throws IOException {
        List<Integer> clientPorts = new ArrayList<>();
        List<Integer> routePorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            clientPorts.add(NatsServerProcess.freePort());
            routePorts.add(NatsServerProcess.freePort());
        }
        String routes = routePorts.stream().map(port -> "nats://127.0.0.1:" + port).collect(Collectors.joining(","));
        try {
            for (int i = 0; i < size; i++) {
                List<String> clustering = size == 1 ? List.of() : List.of("--cluster_name", NAME,
                        "--cluster", "nats://127.0.0.1:" + routePorts.get(i), "--routes", routes);
                nodes.add(new NatsServerProcess("n" + (i + 1), clientPorts.get(i), clustering));
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Every node's client URL, comma-separated, as jnats and {@code NATS_URL} take a server list. */
    public String urls() {
        return nodes.stream().map(NatsServerProcess::url).collect(Collectors.joining(","));
    }

    public List<NatsServerProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** The node called {@code name}: JetStream names a stream's leader this way. */
    public NatsServerProcess node(String name) {
        return nodes.stream().filter(node -> node.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name + " in " + urls()));
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        for (NatsServerProcess node : nodes) {
            try {
                node.close();
            } catch (Exception e) {
                // the others still get closed; a node that will not die is the operating system's to reap
            }
        }
    }
}
