package io.gcoding.coordinator;

import io.gcoding.kernels.BackendOptions;
import io.gcoding.kernels.Backends;
import io.gcoding.worker.WorkerClient;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A coordinator and m real workers (CPU backend) in this JVM over the in-process transport. An injected failure
 * cuts the failing worker's channel, which the coordinator sees exactly as a crashed process.
 */
final class InProcessCluster implements AutoCloseable {
    final Coordinator coordinator;
    final List<WorkerClient> workers = new ArrayList<>();
    final List<CompletableFuture<String>> finished = new ArrayList<>();
    final List<String> crashes = new ArrayList<>();

    InProcessCluster(int m, int maxUploadLength) throws Exception {
        String name = InProcessServerBuilder.generateName();
        coordinator = new Coordinator(m, "tok", maxUploadLength, InProcessServerBuilder.forName(name),
                EventLoop.system("coordinator-loop"),
                new CoordinatorMetrics(new SimpleMeterRegistry())).start();
        for (int j = 0; j < m; j++) {
            ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
            WorkerClient client = WorkerClient.builder(j, "tok", channel,
                    () -> Backends.select(BackendOptions.sharedBy(m))).onInjectedFailure(reason -> {
                        synchronized (crashes) {
                            crashes.add(reason);
                        }
                        channel.shutdownNow();
                    }).build();
            workers.add(client);
            finished.add(client.start());
        }
    }

    @Override
    public void close() {
        coordinator.close();
        workers.forEach(WorkerClient::close);
    }
}
