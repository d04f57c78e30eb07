package com.partnerflow.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.test.util.TestSocketUtils;

/**
 * A server that goes away and comes back, for fault tests: a TCP forwarder on a port of its own
 * (on 127.0.0.1) to a real server. {@link #close()} cuts every connection and refuses new ones,
 * as a server that is down does; {@link #open()} listens on the same port again. What the server
 * behind it holds (a mailbox) is kept meanwhile.
 */
public final class TcpGate implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    public TcpGate(int targetPort) {
        this.port = freePortBelowTheEphemeralRange();
        this.targetPort = targetPort;
    }

    /**
     * A free port that no outgoing connection takes as its local port while the gate is closed:
     * below Linux's ephemeral range (32768 and up). A port from the whole range was once taken by
     * one of the thousands of connections a long outage makes, and the gate could not open again.
     */
    private static int freePortBelowTheEphemeralRange() {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = 20000 + random.nextInt(12000);
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
                return candidate;
            } catch (IOException taken) {
                // try another
            }
        }
        return TestSocketUtils.findAvailableTcpPort();
    }

    public int port() {
        return port;
    }

    public synchronized boolean isOpen() {
        return listener != null;
    }

    /** Listens (again) on {@link #port()}. */
    public synchronized TcpGate open() {
        if (listener != null) {
            return this;
        }
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = server;
            Thread accepting = new Thread(() -> accept(server), "tcp-gate-" + port);
            accepting.setDaemon(true);
            accepting.start();
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on " + port, e);
        }
    }

    /** Stops listening and cuts every connection through the gate. */
    @Override
    public synchronized void close() {
        if (listener == null) {
            return;
        }
        closeQuietly(listener);
        listener = null;
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            sockets.add(client);
            sockets.add(upstream);
            if (listener != server) { // closed meanwhile
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException cut) {
                // one side closed: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-gate-" + port + "-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
