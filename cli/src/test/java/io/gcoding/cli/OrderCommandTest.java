package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderCommandTest {

    static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cmd = GcodingCommand.newCommandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void writesQmaxAndOrdersAsJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out.json");
        StringWriter out = new StringWriter();
        int code = run(out, new StringWriter(), "order", "--assignment", "cyclic", "--m", "12", "--replication", "4",
                "--ell", "2", "--ordering", "optimal", "--json", json.toString());
        assertEquals(0, code);
        JsonNode node = Json.MAPPER.readTree(json.toFile());
        assertEquals(12, node.get("m").asInt());
        assertEquals(12, node.get("n").asInt());
        assertEquals(2, node.get("ell").asInt());
        assertTrue(node.get("qmax").asInt() >= node.get("lower_bound").asInt());
        assertEquals(12, node.get("orders").size());
        for (int j = 0; j < 12; j++) { // worker j holds chunks j..j+3 mod 12
            int[] order = new int[4];
            for (int p = 0; p < 4; p++) {
                order[p] = node.get("orders").get(j).get(p).asInt();
            }
            Arrays.sort(order);
            int[] expected = {j, (j + 1) % 12, (j + 2) % 12, (j + 3) % 12};
            Arrays.sort(expected);
            assertTrue(Arrays.equals(expected, order), "worker " + j + ": " + Arrays.toString(order));
        }
        assertTrue(out.toString().contains("Q_max"));
    }

    @Test
    void badConfigurationIsOneClearLineAndExitCode2() {
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, "order", "--m", "6", "--replication", "2", "--ell", "3");
        assertEquals(2, code);
        assertTrue(err.toString().contains("replication >= ell"), err.toString());
    }
}
