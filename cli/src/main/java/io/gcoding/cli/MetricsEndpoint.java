package io.gcoding.cli;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves the coordinator's Prometheus registry at {@code http://HOST:PORT/metrics} (JDK HTTP server), bound to that
 * host only (127.0.0.1 unless the operator says otherwise: the figures are unauthenticated).
 */
final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final String host;

    MetricsEndpoint(PrometheusMeterRegistry registry, InetSocketAddress bind) throws IOException {
        InetSocketAddress resolved = bind.isUnresolved() ? new InetSocketAddress(bind.getHostString(), bind.getPort())
                : bind;
        if (resolved.isUnresolved()) {
            throw new IllegalArgumentException("metrics host '" + bind.getHostString() + "' does not resolve: give an"
                    + " address of this machine, e.g. 127.0.0.1");
        }
        host = bind.getHostString();
        server = HttpServer.create(resolved, 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The address it is bound to, as printed. */
    InetSocketAddress address() {
        return server.getAddress();
    }

    String url() {
        return "http://" + host + ":" + port() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
