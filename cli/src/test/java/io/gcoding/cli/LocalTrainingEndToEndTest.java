package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-hold (2): `gcoding train` end to end with real worker JVMs on loopback: a slow worker and a worker process
 * that exits (and is replaced) in every protocol, three protocols in one run, the JSON written. In exact mode every
 * protocol must reach the same model, so the final losses agree to 1e-9 however the stragglers fell.
 */
class LocalTrainingEndToEndTest {

    @Test
    @Timeout(150)
    void trainsWithWorkerProcessesAndAgreesAcrossProtocols(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("run.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OrderCommandTest.run(out, err, "train", "--workers", "4", "--replication", "2",
                "--dataset", "synthetic:rows=2000,test=400,features=10,classes=3,task=softmax", "--rounds", "4",
                "--protocol", "partial,original,uncoded", "--stragglers", "slow=1:2;fail=3@1", "--eval-every", "2",
                "--optimizer", "sgd:lr=0.5,momentum=0.9", "--warmup-rounds", "0", "--json", json.toString());
        assertEquals(0, code, err.toString());
        JsonNode root = Json.MAPPER.readTree(json.toFile());
        JsonNode protocols = root.get("protocols");
        double reference = protocols.get("partial").get("final_loss").asDouble();
        for (String p : new String[] {"partial", "original", "uncoded"}) {
            JsonNode node = protocols.get(p);
            assertEquals(4, node.get("round_times").size(), p);
            assertTrue(node.get("total_seconds").asDouble() > 0, p);
            assertTrue(node.get("test_accuracy").asDouble() > 0.5, p + " learns: " + node.get("test_accuracy"));
            assertEquals(reference, node.get("final_loss").asDouble(), 1e-9 * Math.abs(reference), p);
        }
        // the injected failure was reported with its reason (how many sessions see it depends on whether the
        // replacement process joins before a session's round 1: these rounds are tiny)
        JsonNode exits = root.get("worker_exits");
        assertTrue(exits.size() >= 1, exits.toString());
        for (JsonNode e : exits) {
            assertTrue(e.asText().contains("INJECTED FAILURE: worker 3 exits at round 1"), e.asText());
        }
        assertTrue(out.toString().contains("speed-up of partial over original"), out.toString());
    }
}
