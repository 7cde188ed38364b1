package io.gcoding.worker;

import io.gcoding.protocol.TlsFiles;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The worker's channel to the coordinator: plaintext, TLS, or mutual TLS (the worker presents a certificate). */
public final class WorkerChannels {
    private WorkerChannels() {
    }

    /**
     * The worker's TLS files (PEM; the key PKCS#8).
     *
     * @param ca          the CA the coordinator's certificate must be signed by
     * @param certificate null unless the coordinator requires client certificates (then {@code privateKey} too)
     */
    public record Tls(Path ca, Path certificate, Path privateKey) {
        public Tls {
            TlsFiles.requireReadable(ca, "--tls-ca", "the CA of the coordinator's certificate (PEM)");
            if ((certificate == null) != (privateKey == null)) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both or neither");
            }
            if (certificate != null) {
                TlsFiles.requireReadable(certificate, "--tls-cert", "this worker's certificate (PEM)");
                TlsFiles.requireReadable(privateKey, "--tls-key",
                        "its private key (PEM, PKCS#8: openssl pkcs8 -topk8 -nocrypt)");
            }
        }
    }

    /**
     * @param tls             null: plaintext
     * @param maxInboundBytes the largest message accepted from the coordinator
     */
    public static ManagedChannel connect(String host, int port, Tls tls, int maxInboundBytes) {
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(host, port)
                .disableRetry() // retry buffers every sent message until the server answers (TOOLCHAIN.md)
                .directExecutor() // the callbacks only hop onto the worker's control thread: no pool in between
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .maxInboundMessageSize(maxInboundBytes)
                .maxInboundMetadataSize(16 << 10);
        if (tls == null) {
            return b.usePlaintext().build();
        }
        try {
            SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(tls.ca().toFile());
            if (tls.certificate() != null) {
                ssl.keyManager(tls.certificate().toFile(), tls.privateKey().toFile());
            }
            return b.sslContext(ssl.build()).build();
        } catch (Exception e) {
            throw TlsFiles.unusable(tls.ca() + (tls.certificate() == null ? ""
                    : " / " + tls.certificate() + " / " + tls.privateKey()), e);
        }
    }
}
