package io.gcoding.protocol;

import io.gcoding.protocol.wire.TrainingGrpc;
import io.gcoding.protocol.wire.WorkerMessage;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.io.InputStream;

/**
 * The server side of {@code gcoding.v1.Training/Session} bound with a response marshaller for pre-serialised
 * {@link EncodedFrame}s. Same method name and wire bytes as the generated service, so clients use the generated
 * stub ({@link TrainingGrpc#newStub}); only the server skips the per-stream protobuf encoding.
 */
public final class TrainingService {
    private TrainingService() {
    }

    /** The method as the server sees it: protobuf requests, pre-encoded responses. */
    public static MethodDescriptor<WorkerMessage, EncodedFrame> serverMethod() {
        return MethodDescriptor.<WorkerMessage, EncodedFrame>newBuilder()
                .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
                .setFullMethodName(TrainingGrpc.getSessionMethod().getFullMethodName())
                .setRequestMarshaller(ProtoUtils.marshaller(WorkerMessage.getDefaultInstance()))
                .setResponseMarshaller(new FrameMarshaller())
                .build();
    }

    /** A service definition whose every new stream is handed to {@code handler}. */
    public static ServerServiceDefinition bind(ServerCalls.BidiStreamingMethod<WorkerMessage, EncodedFrame> handler) {
        return ServerServiceDefinition.builder(TrainingGrpc.SERVICE_NAME)
                .addMethod(serverMethod(), ServerCalls.asyncBidiStreamingCall(handler))
                .build();
    }

    private static final class FrameMarshaller implements MethodDescriptor.Marshaller<EncodedFrame> {
        @Override
        public InputStream stream(EncodedFrame value) {
            return value.stream();
        }

        @Override
        public EncodedFrame parse(InputStream stream) {
            try {
                return EncodedFrame.ofBytes(stream.readAllBytes(), "parsed");
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read a frame", e);
            }
        }
    }
}
