package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.ProtocolRule;
import io.gcoding.coding.TriggerPolicy;
import io.gcoding.model.ModelSpec;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.SessionConfig;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Approximate mode: at the deadline the coordinator encodes whatever state it has (PROTOCOL.md §2.4). */
class ApproximateModeTest {

    @Test
    void theDeadlineFiresWithThePartialStateAndTheMissingChunkCountsAsZero() throws Exception {
        String name = InProcessServerBuilder.generateName();
        ModelSpec model = ModelSpec.linear(1); // d = 2
        SessionConfig config = new SessionConfig(2, 2, 1, "chebyshev", new int[][] {{0}, {1}}, model, "none", 1, 0,
                0, "sgd", "partial", "", 0, 2);
        List<RoundRecord> records = new ArrayList<>();
        List<double[]> gradients = new ArrayList<>();
        try (Coordinator c = new Coordinator(2, "k", 2, InProcessServerBuilder.forName(name), System::nanoTime,
                new CoordinatorMetrics(new SimpleMeterRegistry())).start();
                ScriptedWorker w0 = new ScriptedWorker(name);
                ScriptedWorker w1 = new ScriptedWorker(name)) {
            w0.send(new Messages.Hello(0, "s", "s", "k", false));
            w1.send(new Messages.Hello(1, "s", "s", "k", false));
            c.awaitWorkers(10, TimeUnit.SECONDS);
            var done = c.run(new SessionPlan(config, ProtocolRule.partial(TriggerPolicy.deadline(0.3, 0)), false, 5),
                    new SessionHandler() {
                        @Override
                        public double[] initialParameters() {
                            return new double[2];
                        }

                        @Override
                        public double[] onRound(long round, double[] gradient, RoundRecord record) {
                            gradients.add(gradient);
                            records.add(record);
                            return null;
                        }
                    });
            w0.expect(SessionConfig.class);
            w0.expect(Messages.RoundStart.class);
            long start = System.nanoTime();
            w0.send(new Messages.Progress(0, 1)); // worker 1 never reports
            Messages.Encode encode = w0.expect(Messages.Encode.class);
            double waited = (System.nanoTime() - start) / 1e9;
            assertArrayEquals(new int[] {1, 0}, encode.state());
            assertTrue(waited >= 0.2, "encoded only at the deadline, after " + waited + " s");
            w0.send(new Messages.Upload(0, 0, new double[] {4, -2}));
            done.get(10, TimeUnit.SECONDS);
        }
        assertArrayEquals(new double[] {4, -2}, gradients.get(0));
        assertEquals(0.5, records.get(0).coefficientError(), 1e-12, "one of two chunks missing: E(s) = 1/2");
        assertArrayEquals(new int[] {0}, records.get(0).chunksUsed());
        // ell = 1: the only A_i used is one entry of Theta, so its condition number is exactly 1
        assertEquals(1.0, records.get(0).worstCondition(), 1e-12);
    }
}
