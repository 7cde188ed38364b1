package io.gcoding.coordinator;

import io.gcoding.coding.engine.RoundRule;
import io.gcoding.coding.engine.RoundEngine;
import io.gcoding.coding.engine.ProtocolKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        SessionConfig config = SessionConfig.builder().coding(2, 2, 1, "chebyshev", new int[][] {{0}, {1}}).model(model)
                .data("none", 1, 0, 0).protocol(ProtocolKind.PARTIAL).optimizer("sgd").stragglers("")
                .firstRound(0).build();
        List<RoundRecord> records = new ArrayList<>();
        List<double[]> gradients = new ArrayList<>();
        ManualLoop loop = new ManualLoop();
        try (Coordinator c = new Coordinator(2, "k", 2, InProcessServerBuilder.forName(name), loop,
                new CoordinatorMetrics(new SimpleMeterRegistry())).start();
                ScriptedWorker w0 = new ScriptedWorker(name);
                ScriptedWorker w1 = new ScriptedWorker(name)) {
            w0.send(new Messages.Hello(0, "s", "s", "k", false));
            w1.send(new Messages.Hello(1, "s", "s", "k", false));
            c.awaitWorkers(10, TimeUnit.SECONDS);
            var done = c.run(new SessionPlan(config, RoundRule.of(ProtocolKind.PARTIAL,
                config.ordering(), 1, TriggerPolicy.deadline(0.3, 0), 0), new RoundEngine.Timeouts(5, 600)),
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
            w0.send(new Messages.Progress(0, 1)); // worker 1 never reports
            loop.advance(0.31); // the fake clock passes the deadline; nothing else could trigger
            Messages.Encode encode = w0.expect(Messages.Encode.class);
            assertArrayEquals(new int[] {1, 0}, encode.state());
            loop.advance(0.09); // the upload arrives at 0.40 on the fake clock
            w0.send(new Messages.Upload(0, 0, new double[] {4, -2}));
            done.get(10, TimeUnit.SECONDS);
        }
        assertArrayEquals(new double[] {4, -2}, gradients.get(0));
        assertTrue(records.get(0).triggerSeconds() >= 0.3, "encoded only at the deadline: "
                + records.get(0).triggerSeconds());
        assertEquals(0.5, records.get(0).coefficientError(), 1e-12, "one of two chunks missing: E(s) = 1/2");
        assertArrayEquals(new int[] {0}, records.get(0).chunksUsed());
        // ell = 1: the only A_i used is one entry of Theta, so its condition number is exactly 1
        assertEquals(1.0, records.get(0).worstCondition(), 1e-12);
        // the timeline: worker 0's chunk arrived no later than the ENCODE that counted it (at 0, or at 0.31 when the
        // transport delivered it after the clock moved: the trigger then waited for it), its upload at 0.40; worker 1
        // reported nothing
        RoundTimeline timeline = records.get(0).timeline();
        double chunk = timeline.chunkSeconds(0, 0);
        assertTrue(chunk == 0.0 || chunk == 0.31, "arrival on the fake clock: " + chunk);
        assertTrue(chunk <= records.get(0).triggerSeconds(), chunk + " after the trigger");
        assertEquals(1, timeline.chunksDone(0));
        assertEquals(0.40, timeline.uploadSeconds()[0], 1e-9);
        assertEquals(0, timeline.uploadVersions()[0]);
        assertTrue(Double.isNaN(timeline.chunkSeconds(1, 0)));
        assertTrue(Double.isNaN(timeline.uploadSeconds()[1]));
        assertEquals(-1, timeline.uploadVersions()[1]);
    }
}
