package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/slurm/gcoding.sbatch} on a real single-node Slurm ({@code deploy/slurm/local-cluster.sh}: munged,
 * slurmctld and slurmd on loopback, all files in a temporary directory): one coordinator and three workers as the
 * four tasks of one srun step. Needs root, slurm-wlm and munge, and the runnable jar (cli/target/gcoding.jar, built
 * by {@code mvn verify}); runs with {@code -Pslurm} (about a minute), which .ci/run runs after the default suite.
 */
@Tag("slurm")
class SlurmJobTest {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = REPO.resolve("deploy/slurm/gcoding.sbatch");
    private static final Path CLUSTER = REPO.resolve("deploy/slurm/local-cluster.sh");
    private static final Path JAR = REPO.resolve("cli/target/gcoding.jar");
    private static final List<String> RUN = List.of("--replication", "2", "--dataset",
            "synthetic:rows=3000,test=300,features=20,classes=3,task=softmax", "--protocol", "partial", "--rounds", "5",
            "--batch", "100", "--warmup-rounds", "0");

    @TempDir
    static Path clusterDir;

    private static String slurmConf;

    @BeforeAll
    static void startCluster() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root: the Slurm daemons run as root here");
        for (String tool : List.of("sbatch", "slurmctld", "slurmd", "munged")) {
            assumeTrue(onPath(tool), tool + " is not installed (apt-get install -y slurm-wlm munge)");
        }
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: build it first (mvn -B verify, or mvn package)");
        int port = freePortPair();
        Result start = exec(List.of(CLUSTER.toString(), "start", clusterDir.toString()),
                Map.of("GCODING_SLURM_PORT", Integer.toString(port)), REPO, 90);
        assertEquals(0, start.code(), "local-cluster.sh start failed:\n" + start.output());
        slurmConf = clusterDir.resolve("slurm.conf").toString();
        assertTrue(start.output().contains("export SLURM_CONF=" + slurmConf), start.output());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (slurmConf != null) {
            Result stop = exec(List.of(CLUSTER.toString(), "stop", clusterDir.toString()), Map.of(), REPO, 60);
            assertEquals(0, stop.code(), stop.output());
            assertFalse(Files.exists(clusterDir.resolve("slurmctld.pid")), "slurmctld still has a pid file");
        }
    }

    @Test
    void oneJobRunsTheCoordinatorAndThreeWorkersAndWritesTheJsonWhereAsked(@TempDir Path submitDir) throws Exception {
        Files.createDirectories(submitDir.resolve("results"));
        Path tokens = submitDir.resolve("tokens");
        Result job = sbatch(submitDir, tokens, 4, withJson(RUN, "results/run.json"));
        assertEquals(0, job.code(), job.output());
        String log = Files.readString(submitDir.resolve("job.out"));
        assertTrue(log.contains("3 workers"), log);
        for (int w = 0; w < 3; w++) {
            assertTrue(log.contains("worker " + w + " finished: training finished"), log);
        }
        assertTrue(log.contains("requested by GCODING_BACKEND=cpu"), "no GPU allotted: the CPU backend\n" + log);

        JsonNode json = new ObjectMapper().readTree(submitDir.resolve("results/run.json").toFile());
        assertEquals(3, json.get("spec").get("workers").asInt());
        JsonNode partial = json.get("protocols").get("partial");
        assertEquals(5, partial.get("rounds").size());
        assertTrue(partial.get("test_accuracy").asDouble() > 0.5, partial.toString());

        // the token directory is the user's alone, and the token file is gone with the job
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)));
        try (var files = Files.list(tokens)) {
            assertEquals(0, files.count(), "the token file outlived the job");
        }
    }

    @Test
    void aCoordinatorThatFailsEndsTheJobWithoutWaitingForTheWorkersTimeout(@TempDir Path submitDir)
            throws Exception {
        // the --json directory does not exist: the coordinator exits 2 after srun has started every task
        long start = System.nanoTime();
        Result job = sbatch(submitDir, submitDir.resolve("tokens"), 3, withJson(RUN, "missing/run.json"));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertNotEquals(0, job.code(), job.output());
        String log = Files.readString(submitDir.resolve("job.out"));
        assertTrue(log.contains("--json missing/run.json is in a directory that does not exist"), log);
        assertTrue(seconds < 120, "the workers' connect timeout is 300 s; the job took " + seconds + " s\n" + log);
    }

    @Test
    void theScriptRefusesOptionsItSetsItself(@TempDir Path submitDir) throws Exception {
        Result job = sbatch(submitDir, submitDir.resolve("tokens"), 3, List.of("--workers", "5"));
        assertNotEquals(0, job.code(), job.output());
        String log = Files.readString(submitDir.resolve("job.out"));
        assertTrue(log.contains("gcoding.sbatch: do not pass --workers: the workers are the job's tasks but one"), log);
    }

    private static List<String> withJson(List<String> run, String json) {
        List<String> args = new ArrayList<>(run);
        args.addAll(List.of("--json", json));
        return args;
    }

    /** {@code sbatch --wait}: returns when the job has ended, with the job's exit status. */
    private static Result sbatch(Path submitDir, Path tokens, int tasks, List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of("sbatch", "--wait", "--ntasks=" + tasks, "--output=job.out",
                "--time=5", SCRIPT.toString()));
        command.addAll(options);
        return exec(command, Map.of("SLURM_CONF", slurmConf, "GCODING", "java -jar " + JAR,
                // tests stay on loopback: the hostname may resolve to an address tests must not contact
                "GCODING_COORDINATOR_HOST", "127.0.0.1", "GCODING_PORT", Integer.toString(freePortPair()),
                "GCODING_TOKEN_DIR", tokens.toString()), submitDir, 240);
    }

    record Result(int code, String output) {
    }

    private static Result exec(List<String> command, Map<String, String> env, Path dir, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("slurm-test", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " still running after " + timeoutSeconds + " s:\n"
                    + Files.readString(out));
        }
        String output = Files.readString(out);
        Files.delete(out);
        return new Result(p.exitValue(), output);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool));
    }

    /** A port p with p + 1 free too (local-cluster.sh puts slurmd on the next port). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket a = new ServerSocket(0)) {
                int p = a.getLocalPort();
                if (p < 65535) {
                    try {
                        new ServerSocket(p + 1).close();
                        return p;
                    } catch (IOException taken) {
                        // try another pair
                    }
                }
            }
        }
        throw new IOException("no two consecutive free ports found in 20 tries");
    }
}
