package io.gcoding.coordinator;

import io.gcoding.protocol.TlsFiles;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
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
        TlsFiles.requireReadable(certificate, "--tls-cert", "the coordinator's certificate (PEM)");
        TlsFiles.requireReadable(privateKey, "--tls-key",
                "its private key (PEM, PKCS#8: openssl pkcs8 -topk8 -nocrypt)");
        if (clientCa != null) {
            TlsFiles.requireReadable(clientCa, "--tls-client-ca", "the CA of the worker certificates (PEM)");
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
            throw TlsFiles.unusable(certificate + " / " + privateKey + (clientCa == null ? "" : " / " + clientCa), e);
        }
    }
}
