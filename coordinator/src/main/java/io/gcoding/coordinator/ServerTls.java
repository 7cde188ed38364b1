package io.gcoding.coordinator;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The coordinator's TLS files: its certificate chain and PKCS#8 private key (PEM), and optionally the CA that
 * worker certificates must be signed by (mutual TLS: a worker without such a certificate is refused in the
 * handshake).
 *
 * @param clientCa null: workers need no certificate
 */
public record ServerTls(Path certificate, Path privateKey, Path clientCa) {

    public ServerTls {
        readable(certificate, "--tls-cert", "the coordinator's certificate (PEM)");
        readable(privateKey, "--tls-key", "its private key (PEM, PKCS#8: openssl pkcs8 -topk8 -nocrypt)");
        if (clientCa != null) {
            readable(clientCa, "--tls-client-ca", "the CA of the worker certificates (PEM)");
        }
    }

    public boolean mutual() {
        return clientCa != null;
    }

    /** @throws IllegalArgumentException naming the file when a certificate or key cannot be used */
    public SslContext context() {
        try {
            SslContextBuilder b = GrpcSslContexts.forServer(certificate.toFile(), privateKey.toFile());
            if (clientCa != null) {
                b.trustManager(clientCa.toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return b.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot use the TLS files " + certificate + " / " + privateKey
                    + (clientCa == null ? "" : " / " + clientCa) + ": " + e.getMessage() + " (expected a PEM"
                    + " certificate and a PEM PKCS#8 key; convert a key with 'openssl pkcs8 -topk8 -nocrypt')");
        }
    }

    static void readable(Path file, String option, String what) {
        if (file == null || !Files.isReadable(file) || Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read " + what
                    + "; give a readable file");
        }
    }
}
