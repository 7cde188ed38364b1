package io.gcoding.coordinator;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelFutureListener;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps idle, garbage and wrong-protocol connections from exhausting the coordinator. At accept time (before any
 * byte is read, so before gRPC or TLS spend anything on it) a connection from an address that already has
 * {@code maxUnauthenticated} connections without an accepted Hello is closed; a connection stops counting once one
 * of its streams says an accepted Hello ({@link #authenticated}) or it closes. The first bytes of each connection
 * tell a TLS client from a plaintext one: the wrong kind for this port is refused with a reason instead of a
 * protocol error (a plaintext gRPC client is sent an HTTP/2 GOAWAY whose text says that TLS is required, which its
 * worker reports and does not retry).
 *
 * <p>Not on the coordinator loop: accept runs on the Netty boss thread, closes on the transport threads; one
 * connection costs a few map operations, no lock on the loop's path.
 */
public final class ConnectionGuard implements PeerGate {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    /** At most one log line per address per this many seconds about refused connections (an attack floods it). */
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private final int maxUnauthenticated;
    private final boolean tls;
    private final CoordinatorMetrics metrics;
    private final Map<InetAddress, Integer> unauthenticated = new ConcurrentHashMap<>();
    private final Set<SocketAddress> pending = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, long[]> refusalLog = new ConcurrentHashMap<>();

    /**
     * @param maxUnauthenticated connections per address that have not yet authenticated
     * @param tls                whether this port speaks TLS
     */
    public ConnectionGuard(int maxUnauthenticated, boolean tls, CoordinatorMetrics metrics) {
        if (maxUnauthenticated < 1) {
            throw new IllegalArgumentException("the limit on unauthenticated connections per address must be >= 1, got "
                    + maxUnauthenticated);
        }
        this.maxUnauthenticated = maxUnauthenticated;
        this.tls = tls;
        this.metrics = metrics;
    }

    /** The server channel to give Netty: it asks this guard about every accepted connection. */
    public NioServerSocketChannel newServerChannel() {
        return new GuardedServerChannel();
    }

    /** Connections from {@code address} that have not authenticated (yet). */
    public int unauthenticated(InetAddress address) {
        return unauthenticated.getOrDefault(address, 0);
    }

    @Override
    public void authenticated(SocketAddress remote) {
        release(remote);
    }

    /** Accept thread: counts the connection, or says no. */
    private boolean admit(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet)) {
            return true;
        }
        InetAddress ip = inet.getAddress();
        boolean[] admitted = new boolean[1];
        unauthenticated.compute(ip, (k, n) -> {
            int count = n == null ? 0 : n;
            admitted[0] = count < maxUnauthenticated;
            return admitted[0] ? count + 1 : count;
        });
        if (admitted[0]) {
            pending.add(remote);
        } else {
            refused(ip, ConnectionRefusal.UNAUTHENTICATED_LIMIT, maxUnauthenticated
                    + " connections from this address have not authenticated yet");
        }
        return admitted[0];
    }

    private void release(SocketAddress remote) {
        if (pending.remove(remote) && remote instanceof InetSocketAddress inet) {
            unauthenticated.computeIfPresent(inet.getAddress(), (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    private void refused(InetAddress ip, ConnectionRefusal reason, String why) {
        metrics.connectionRefused(reason);
        long now = System.nanoTime();
        if (refusalLog.size() > 10_000) {
            refusalLog.clear(); // many addresses: forget the rate limit's state rather than grow without bound
        }
        long[] state = refusalLog.computeIfAbsent(ip, k -> new long[] {now - LOG_EVERY_NANOS, 0});
        synchronized (state) {
            state[1]++;
            if (now - state[0] >= LOG_EVERY_NANOS) {
                LOG.warn("refused {} connection(s) from {} ({}): {}", state[1], ip.getHostAddress(), reason.tag(), why);
                state[0] = now;
                state[1] = 0;
            }
        }
    }

    /** Asks the guard at accept time; closes what it refuses before Netty registers it. */
    private final class GuardedServerChannel extends NioServerSocketChannel {
        @Override
        protected int doReadMessages(List<Object> buf) throws Exception {
            int before = buf.size();
            int accepted = super.doReadMessages(buf);
            for (int i = buf.size() - 1; i >= before; i--) {
                Channel child = (Channel) buf.get(i);
                SocketAddress remote = child.remoteAddress();
                if (admit(remote)) {
                    child.closeFuture().addListener((ChannelFutureListener) f -> release(remote));
                    child.pipeline().addLast(new FirstBytes(remote));
                } else {
                    buf.remove(i);
                    accepted--;
                    child.unsafe().closeForcibly();
                }
            }
            return accepted;
        }
    }

    /** The first handler of a connection: looks at its first byte, then gets out of the way. */
    private final class FirstBytes extends ChannelInboundHandlerAdapter {
        private final SocketAddress remote;

        FirstBytes(SocketAddress remote) {
            this.remote = remote;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b && b.isReadable()) {
                boolean tlsRecord = b.getUnsignedByte(b.readerIndex()) == TLS_HANDSHAKE_RECORD;
                InetAddress ip = ((InetSocketAddress) remote).getAddress();
                if (tls && !tlsRecord) {
                    b.release();
                    refused(ip, ConnectionRefusal.PLAINTEXT_ON_TLS, "plaintext on a TLS port: start the worker with"
                            + " --tls-ca FILE");
                    ctx.writeAndFlush(goAway("this coordinator requires TLS: start the worker with --tls-ca FILE"
                            + " (and --tls-cert/--tls-key where client certificates are required)"))
                            .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                if (!tls && tlsRecord) {
                    b.release();
                    refused(ip, ConnectionRefusal.TLS_ON_PLAINTEXT, "TLS on a plaintext port: start the worker"
                            + " without --tls-ca, or the coordinator with --tls-cert/--tls-key");
                    ctx.close();
                    return;
                }
            }
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * An HTTP/2 server preface (empty SETTINGS) and a GOAWAY with error INADEQUATE_SECURITY and {@code text} as its
     * debug data: a plaintext gRPC client fails its call with PERMISSION_DENIED and the text.
     */
    static ByteBuf goAway(String text) {
        byte[] debug = text.getBytes(StandardCharsets.UTF_8);
        ByteBuf out = Unpooled.buffer(9 + 9 + 8 + debug.length);
        out.writeMedium(0).writeByte(0x4).writeByte(0).writeInt(0); // SETTINGS, no parameters
        out.writeMedium(8 + debug.length).writeByte(0x7).writeByte(0).writeInt(0); // GOAWAY on stream 0
        out.writeInt(0).writeInt(0xc).writeBytes(debug); // last stream 0, INADEQUATE_SECURITY, debug data
        return out;
    }
}
