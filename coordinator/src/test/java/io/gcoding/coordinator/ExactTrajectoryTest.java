package io.gcoding.coordinator;

import io.gcoding.coding.engine.ProtocolKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.data.DatasetSpec;
import io.gcoding.data.TrainTest;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ReferenceGradient;
import io.gcoding.training.ModelInit;
import io.gcoding.training.Optimizer;
import io.gcoding.training.Optimizers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Must-hold (1): in exact mode the model trajectory does not depend on which workers straggle or fail. Real workers
 * run in-process with an injected slow worker, jitter and a worker that fails in round 2; per round, the parameters
 * equal a single-process full-gradient reference (same optimizer) to 1e-9 relative, for every coded protocol.
 */
class ExactTrajectoryTest {
    private static final String DATASET = "synthetic:rows=600,test=120,features=8,classes=3,task=softmax";
    private static final int ROUNDS = 6;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void everyRoundEqualsTheFullGradientReference(int ell) throws Exception {
        TrainingSpec spec = TrainingSpec.builder().workers(6).replication(3).ell(ell)
                .protocols(List.of(ProtocolKind.PARTIAL, ProtocolKind.ORIGINAL, ProtocolKind.COMPLETE_COVER))
                .dataset(DATASET).rounds(ROUNDS).optimizer("sgd:lr=0.5,momentum=0.9")
                .stragglers("slow=1:3;fail=4@2;jitter=0.002").seed(5).evalEvery(0).encodeTimeout(5).warmupRounds(0)
                .build();
        TrainTest data = DatasetSpec.parse(DATASET).load(null, spec.seed());
        TrainingRun run = new TrainingRun(spec, data, 1);
        Map<String, List<double[]>> trajectories = new LinkedHashMap<>();
        List<SessionResult> results;
        try (InProcessCluster cluster = new InProcessCluster(6, run.modelSpec().parameterCount())) {
            results = run.run(cluster.coordinator, new TrainingRun.Listener() {
                @Override
                public void afterStep(String protocol, int roundsDone, RoundRecord record, double[] parameters) {
                    trajectories.computeIfAbsent(protocol, p -> new ArrayList<>()).add(parameters);
                }
            });
            assertEquals(1, cluster.crashes.size(), "worker 4 fails once: " + cluster.crashes);
            assertTrue(cluster.crashes.get(0).contains("INJECTED FAILURE: worker 4 exits at round 2"));
        }

        ModelSpec model = run.modelSpec();
        double[] reference = ModelInit.initial(model, spec.seed());
        Optimizer optimizer = Optimizers.parse(spec.optimizer(), data.train().rows());
        List<double[]> expected = new ArrayList<>();
        for (int t = 0; t < ROUNDS; t++) {
            optimizer.step(reference,
                    ReferenceGradient.of(model, reference, data.train().x(), data.train().y()).gradient());
            expected.add(reference.clone());
        }
        for (Map.Entry<String, List<double[]>> e : trajectories.entrySet()) {
            assertEquals(ROUNDS, e.getValue().size(), e.getKey());
            for (int t = 0; t < ROUNDS; t++) {
                double rel = relativeError(e.getValue().get(t), expected.get(t));
                assertTrue(rel <= 1e-9, e.getKey() + " round " + t + ": relative error " + rel);
            }
        }
        SessionResult partial = results.get(0);
        for (RoundRecord r : partial.records().subList(2, ROUNDS)) {
            assertEquals(0, r.state()[4], "the failed worker contributes nothing from round 2 on");
        }
    }

    static double relativeError(double[] got, double[] want) {
        double diff = 0;
        double norm = 0;
        for (int x = 0; x < want.length; x++) {
            diff += (got[x] - want[x]) * (got[x] - want[x]);
            norm += want[x] * want[x];
        }
        return Math.sqrt(diff / norm);
    }
}
