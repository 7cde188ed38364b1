package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coordinator.CoordinatorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    @Test
    void servesTheCoordinatorMetersInPrometheusFormat() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new CoordinatorMetrics(registry);
        try (MetricsEndpoint endpoint = new MetricsEndpoint(registry, new InetSocketAddress("127.0.0.1", 0))) {
            assertTrue(endpoint.address().getAddress().isLoopbackAddress(), "bound to the host it prints: "
                    + endpoint.address());
            assertEquals("http://127.0.0.1:" + endpoint.port() + "/metrics", endpoint.url());
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            for (String meter : new String[] {"gcoding_round_time_seconds", "gcoding_trigger_latency_seconds",
                "gcoding_encode_decode_seconds", "gcoding_messages_total",
                "gcoding_messages_refused_total{reason=\"bad_token\"}",
                "gcoding_connections_refused_total{reason=\"unauthenticated_limit\"}"}) {
                assertTrue(response.body().contains(meter), meter + " missing from:\n" + response.body());
            }
        }
    }
}
