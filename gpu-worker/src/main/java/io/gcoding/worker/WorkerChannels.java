package io.gcoding.worker;

import io.gcoding.protocol.TlsFiles;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
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
     * A channel and the worker's control thread, which is the channel's own I/O thread: a message from the
     * coordinator is read, checked and answered there, and the compute thread's results need one hand-off (to this
     * thread) before they are written, instead of one to a control thread and another to the I/O thread. Give both
     * to the {@link WorkerClient}; shutting the control thread down ends the I/O thread.
     */
    public record Connection(ManagedChannel channel, ScheduledExecutorService control) {
    }

    /**
     * @param tls             null: plaintext
     * @param maxInboundBytes the largest message accepted from the coordinator
     */
    public static Connection connect(String host, int port, Tls tls, int maxInboundBytes) {
        NioEventLoopGroup io = new NioEventLoopGroup(1, new DefaultThreadFactory("worker-control", true));
        try {
            return new Connection(channel(host, port, tls, maxInboundBytes, io), io.next());
        } catch (RuntimeException e) {
            io.shutdownGracefully();
            throw e;
        }
    }

    private static ManagedChannel channel(String host, int port, Tls tls, int maxInboundBytes, NioEventLoopGroup io) {
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(host, port)
                .eventLoopGroup(io).channelType(NioSocketChannel.class)
                .disableRetry() // retry buffers every sent message until the server answers (TOOLCHAIN.md)
                .directExecutor() // the callbacks run on the I/O thread, which is the control thread
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
