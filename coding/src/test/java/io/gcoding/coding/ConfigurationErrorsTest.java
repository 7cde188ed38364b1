package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationErrorsTest {

    @Test
    void replicationBelowEllIsRejectedInExactMode() {
        Assignment a = Assignments.cyclic(6, 2);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> QmaxCalculator.qmax(Orderings.natural(a), 3));
        assertTrue(e.getMessage().contains("replication >= ell"), e.getMessage());
    }

    @Test
    void ellBelowOneIsRejected() {
        assertThrows(ConfigurationException.class, () -> new CoverageTracker(Orderings.natural(Assignments.cyclic(4, 2)), 0));
        assertThrows(ConfigurationException.class, () -> new BlockLayout(10, 0));
        assertThrows(ConfigurationException.class, () -> DecodingMatrix.chebyshev(0, 4));
    }

    @Test
    void emptyWorkerAndUnassignedChunkAreNamed() {
        ConfigurationException empty = assertThrows(ConfigurationException.class,
                () -> new Assignment("x", 2, new int[][] {{0, 1}, {}}));
        assertTrue(empty.getMessage().contains("worker 1 holds no chunk"), empty.getMessage());
        ConfigurationException unassigned = assertThrows(ConfigurationException.class,
                () -> new Assignment("x", 3, new int[][] {{0, 1}, {1}}));
        assertTrue(unassigned.getMessage().contains("chunk 2 is stored on no worker"), unassigned.getMessage());
    }

    @Test
    void mismatchedSizesAreRejected() {
        assertThrows(ConfigurationException.class, () -> new Assignment("x", 2, new int[][] {{0, 5}}));
        Assignment a = Assignments.cyclic(5, 2);
        assertThrows(ConfigurationException.class, () -> new Ordering(a, new int[][] {{0, 1}}));
        assertThrows(ConfigurationException.class, () -> new MinNormEncoder(DecodingMatrix.chebyshev(2, 4),
                Orderings.natural(a)));
        assertThrows(IllegalArgumentException.class, () -> new StateVector(new int[] {3, 0, 0, 0, 0})
                .requireFits(Orderings.natural(a)));
        assertThrows(ConfigurationException.class, () -> Assignments.frc(10, 3));
        assertThrows(ConfigurationException.class, () -> Assignments.cyclic(4, 5));
    }

    @Test
    void csvErrorsNameTheLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("a.csv");
        Files.writeString(bad, "# chunks x workers\n1,1,0\n0,1,1\n1,0,2\n");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> AssignmentCsv.read(bad));
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
        Files.writeString(bad, "1,1,0\n0,1\n");
        e = assertThrows(ConfigurationException.class, () -> AssignmentCsv.read(bad));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void csvRoundTrips(@TempDir Path dir) throws Exception {
        Assignment a = Assignments.randomRegular(9, 3, 4);
        Path file = dir.resolve("a.csv");
        AssignmentCsv.write(a, file);
        Assignment back = AssignmentCsv.read(file);
        assertEquals(a, back);
        Ordering o = Orderings.optimal(a, 2, 1);
        Path orders = dir.resolve("o.csv");
        OrderingCsv.write(o, orders);
        assertEquals(o, OrderingCsv.read(orders, back));
        Files.writeString(orders, "0,1,x\n");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> OrderingCsv.read(orders, back));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }
}
