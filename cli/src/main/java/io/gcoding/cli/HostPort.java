package io.gcoding.cli;

import java.net.InetSocketAddress;

/** Parses {@code HOST:PORT}. */
final class HostPort {
    private HostPort() {
    }

    static InetSocketAddress parse(String text, String option) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(option + " must be HOST:PORT, got '" + text + "'");
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return InetSocketAddress.createUnresolved(text.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": bad port in '" + text + "'");
        }
    }
}
