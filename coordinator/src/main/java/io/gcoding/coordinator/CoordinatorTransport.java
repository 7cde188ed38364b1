package io.gcoding.coordinator;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's network side, hardened for untrusted peers: a Netty server on the given address (127.0.0.1 unless
 * the operator says otherwise), optionally TLS or mutual TLS, with a handshake deadline, a limit on unauthenticated
 * connections per address ({@link ConnectionGuard}), closing of idle connections, bounded metadata (the message size
 * is bounded by {@link Coordinator}), and transport keep-alive. Hand {@link #serverBuilder()} and {@link #gate()} to
 * the {@link Coordinator} with {@link #loop()}; close this after the coordinator (it owns the Netty threads).
 */
public final class CoordinatorTransport implements AutoCloseable {

    /**
     * @param handshakeSeconds           a connection must finish TLS and the HTTP/2 preface within this
     * @param maxUnauthenticatedPerAddress connections per address without an accepted Hello (workers on one machine
     *                                   connect at once: keep it above the workers per machine)
     * @param idleSeconds                a connection without any call is closed after this
     */
    public record Limits(double handshakeSeconds, int maxUnauthenticatedPerAddress, double idleSeconds,
            int maxMetadataBytes) {
        public static final Limits DEFAULT = new Limits(10, 64, 30, 16 << 10);

        public Limits {
            if (!(handshakeSeconds > 0) || !(idleSeconds > 0) || maxUnauthenticatedPerAddress < 1
                    || maxMetadataBytes < 1024) {
                throw new IllegalArgumentException("transport limits must be positive (metadata >= 1 KiB), got "
                        + handshakeSeconds + ", " + maxUnauthenticatedPerAddress + ", " + idleSeconds + ", "
                        + maxMetadataBytes);
            }
        }
    }

    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("coordinator-accept", true));
    /**
     * One I/O thread for every connection, which is also the coordinator loop ({@link #loop()}): the loop is one
     * thread anyway, and reading, handling and answering a message on the same thread saves two wake-ups per message.
     */
    private final EventLoopGroup io = new NioEventLoopGroup(1, new DefaultThreadFactory("coordinator-loop", true));
    private final TransportLoop loop = new TransportLoop(io.next());
    private final ConnectionGuard guard;
    private final NettyServerBuilder builder;

    /** @param tls null: plaintext */
    public CoordinatorTransport(InetSocketAddress listen, ServerTls tls, Limits limits, CoordinatorMetrics metrics) {
        this.guard = new ConnectionGuard(limits.maxUnauthenticatedPerAddress(), tls != null, metrics);
        NettyServerBuilder b = NettyServerBuilder.forAddress(listen)
                .channelFactory(guard::newServerChannel).bossEventLoopGroup(boss).workerEventLoopGroup(io)
                .handshakeTimeout((long) (limits.handshakeSeconds() * 1000), TimeUnit.MILLISECONDS)
                .maxConnectionIdle((long) (limits.idleSeconds() * 1000), TimeUnit.MILLISECONDS)
                .maxInboundMetadataSize(limits.maxMetadataBytes())
                // HTTP/2 pings find a dead TCP peer (a machine that vanished without closing its connection) within
                // about 40 s; workers may ping as often as every 10 s
                .keepAliveTime(30, TimeUnit.SECONDS).keepAliveTimeout(10, TimeUnit.SECONDS)
                .permitKeepAliveTime(10, TimeUnit.SECONDS).permitKeepAliveWithoutCalls(true);
        if (tls != null) {
            b.sslContext(tls.context());
        }
        this.builder = b;
    }

    /** Not yet built: the coordinator adds its service, message size limit and executor. */
    public NettyServerBuilder serverBuilder() {
        return builder;
    }

    /** The coordinator loop on the transport's I/O thread: give it to the {@link Coordinator} with the builder. */
    public EventLoop loop() {
        return loop;
    }

    public ConnectionGuard gate() {
        return guard;
    }

    @Override
    public void close() {
        loop.close();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
