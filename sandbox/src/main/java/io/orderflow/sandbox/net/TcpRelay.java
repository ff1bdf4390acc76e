package io.orderflow.sandbox.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a server on this machine: it counts the connections clients open through it, and
 * while it holds, it accepts connections without forwarding them, so a client hangs as it would on a
 * server that stopped answering.
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final AtomicInteger opened = new AtomicInteger();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private volatile boolean holding;

    public TcpRelay(int targetPort) throws IOException {
        listener = new ServerSocket(0);
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    opened.incrementAndGet();
                    if (holding) {
                        held.add(client);
                        continue;
                    }
                    Socket server = new Socket("127.0.0.1", targetPort);
                    relay(client, server);
                    relay(server, client);
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far, forwarded or held. */
    public int opened() {
        return opened.get();
    }

    /** Connections accepted while holding and not forwarded. */
    public int held() {
        return held.size();
    }

    /** From now on, accept connections and forward nothing; {@code false} forwards new connections again. */
    public void hold(boolean hold) {
        holding = hold;
    }

    private static void relay(Socket from, Socket to) {
        Thread copier = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException gone) {
                // either side closed
            } finally {
                closeQuietly(to);
                closeQuietly(from);
            }
        });
        copier.setDaemon(true);
        copier.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // nothing left to close
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        held.forEach(TcpRelay::closeQuietly);
    }
}
