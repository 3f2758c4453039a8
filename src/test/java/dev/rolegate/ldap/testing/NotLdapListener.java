package dev.rolegate.ldap.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP listener on loopback that is no LDAP server, to show that such a host gets the same
 * answer as a port where nothing listens: it accepts each connection, reads what the client
 * sends, and then either answers a line of HTTP ({@link Behaviour#GARBAGE}) or closes at once
 * ({@link Behaviour#CLOSE}). Close it to stop.
 */
public final class NotLdapListener implements AutoCloseable {

    /** What the listener does with a connection. */
    public enum Behaviour {
        /** Reads the first bytes, answers {@code HTTP/1.1 400 Bad Request} and closes. */
        GARBAGE,
        /** Closes the connection without reading or writing. */
        CLOSE
    }

    private final ServerSocket socket;
    private final Thread acceptor;

    private NotLdapListener(ServerSocket socket, Behaviour behaviour) {
        this.socket = socket;
        this.acceptor = new Thread(() -> serve(behaviour), "not-ldap-listener");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Starts listening on a free loopback port. */
    public static NotLdapListener start(Behaviour behaviour) {
        try {
            return new NotLdapListener(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), behaviour);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return socket.getLocalPort();
    }

    private void serve(Behaviour behaviour) {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                if (behaviour == Behaviour.GARBAGE) {
                    InputStream in = client.getInputStream();
                    byte[] request = new byte[64];
                    if (in.read(request) > 0) {
                        OutputStream out = client.getOutputStream();
                        out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // closed by close(), or a client that went away: serve the next one
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
            acceptor.join(5_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
