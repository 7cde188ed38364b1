package io.gcoding.protocol;

import io.gcoding.protocol.Messages.FromCoordinator;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A coordinator message serialised once and sent as is on any number of streams: a broadcast (ENCODE to every
 * worker, the model to every worker) costs one protobuf encoding instead of one per stream (TOOLCHAIN.md, "gRPC
 * under load"). The bytes are a complete {@code CoordinatorMessage}, so workers parse them with the generated
 * class. Immutable and shareable across threads.
 */
public final class EncodedFrame {
    private final byte[] bytes;
    private final String description;

    private EncodedFrame(byte[] bytes, String description) {
        this.bytes = bytes;
        this.description = description;
    }

    public static EncodedFrame of(FromCoordinator message) {
        return new EncodedFrame(WireCodec.encode(message).toByteArray(), message.getClass().getSimpleName());
    }

    /** Wraps bytes that are already a serialised {@code CoordinatorMessage}. */
    public static EncodedFrame ofBytes(byte[] serialised, String description) {
        return new EncodedFrame(serialised.clone(), description);
    }

    public int size() {
        return bytes.length;
    }

    InputStream stream() {
        return new FrameStream(bytes);
    }

    @Override
    public String toString() {
        return description + "(" + bytes.length + " bytes)";
    }

    /** Known length and drainable, so gRPC writes the shared array straight to its buffers without a copy here. */
    private static final class FrameStream extends ByteArrayInputStream implements KnownLength, Drainable {
        FrameStream(byte[] buf) {
            super(buf);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int n = available();
            target.write(buf, pos, n);
            pos += n;
            return n;
        }
    }
}
