package io.tidewatch.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Loopback ports for tests that need a registry to be unreachable, or to come back on a known port. */
final class FreePort {

    private FreePort() {
    }

    /** A port that was free a moment ago and that nothing listens on now. */
    static int closed() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
