package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerIdTest {

    @Test
    void theOptionWinsOverEveryLauncherVariable() {
        WorkerId id = WorkerId.resolve(5, Map.of("OMPI_COMM_WORLD_RANK", "1", "JOB_COMPLETION_INDEX", "2",
                "SLURM_PROCID", "3"));
        assertEquals(new WorkerId(5, "--id"), id);
        assertTrue(id.fromOption());
    }

    @Test
    void theInnermostLauncherWins() {
        // mpirun inside a Slurm batch script: every process inherits SLURM_PROCID=0, only the MPI rank differs
        assertEquals(new WorkerId(3, "OMPI_COMM_WORLD_RANK"),
                WorkerId.resolve(null, Map.of("OMPI_COMM_WORLD_RANK", "3", "SLURM_PROCID", "0")));
        assertEquals(new WorkerId(7, "JOB_COMPLETION_INDEX"),
                WorkerId.resolve(null, Map.of("JOB_COMPLETION_INDEX", " 7 ", "SLURM_PROCID", "0")));
        WorkerId slurm = WorkerId.resolve(null, Map.of("SLURM_PROCID", "2"));
        assertEquals(new WorkerId(2, "SLURM_PROCID"), slurm);
        assertFalse(slurm.fromOption());
    }

    @Test
    void anEmptyVariableCountsAsUnset() {
        assertEquals(new WorkerId(4, "SLURM_PROCID"),
                WorkerId.resolve(null, Map.of("OMPI_COMM_WORLD_RANK", "", "SLURM_PROCID", "4")));
    }

    @Test
    void aBadValueNamesItsVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerId.resolve(null, Map.of("JOB_COMPLETION_INDEX", "two")));
        assertEquals("JOB_COMPLETION_INDEX='two' is not a worker id (an integer >= 0): pass --id J to override it",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> WorkerId.resolve(null, Map.of("SLURM_PROCID", "-1")));
        assertEquals("SLURM_PROCID must be a worker id >= 0, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WorkerId.resolve(-2, Map.of()));
        assertEquals("--id must be a worker id >= 0, got -2", e.getMessage());
    }

    @Test
    void noIdAnywhereListsTheWaysToGiveOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerId.resolve(null, Map.of("HOME", "/root")));
        assertEquals("no worker id: pass --id J (0-based), or start the worker under a launcher that sets one of"
                + " OMPI_COMM_WORLD_RANK, JOB_COMPLETION_INDEX, SLURM_PROCID", e.getMessage());
    }

    @Test
    void theWorkerCommandWithoutAnIdExitsWithCode2AndOneLine() {
        assumeTrue(WorkerId.RANK_VARIABLES.stream().allMatch(v -> System.getenv(v) == null),
                "this JVM runs under a launcher that sets a rank variable");
        StringWriter err = new StringWriter();
        assertEquals(2, OrderCommandTest.run(new StringWriter(), err, "worker", "--coordinator", "127.0.0.1:1",
                "--token", "t"));
        assertTrue(err.toString().startsWith("error: no worker id: pass --id J"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }
}
