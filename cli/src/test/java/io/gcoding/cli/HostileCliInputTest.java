package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad command-line arguments, option values, secrets and data files each get exit code 2 and ONE line that names the
 * problem (the file, the line) and the fix, never a stack trace. Each case fails before any process or port starts.
 */
class HostileCliInputTest {
    @TempDir
    Path dir;

    /** Runs the command; asserts exit 2 and a single stack-trace-free line; returns it. */
    private static String oneLineError(String... args) {
        StringWriter err = new StringWriter();
        int code = OrderCommandTest.run(new StringWriter(), err, args);
        String text = err.toString().strip();
        assertEquals(2, code, String.join(" ", args) + " -> " + text);
        assertEquals(1, text.lines().count(), "one line: " + text);
        assertFalse(text.contains("\tat ") || text.contains("Exception"), "no stack trace: " + text);
        return text;
    }

    @Test
    void aBadLibsvmLineNamesTheFileAndTheLine() throws IOException {
        Path file = dir.resolve("bad.svm");
        Files.writeString(file, "1 1:0.5 2:1\n0 1:0.1\n1 3=0.7\n");
        String e = oneLineError("train", "--dataset", "libsvm:" + file, "--workers", "2", "--replication", "1");
        assertTrue(e.contains(file.toString()) && e.contains("line 3") && e.contains("index:value"), e);
    }

    @Test
    void aTruncatedIdxFileAndAWrongMagicNumberAreNamed() throws IOException {
        Path data = Files.createDirectories(dir.resolve("fashion"));
        idx(data.resolve("train-images-idx3-ubyte.gz"), 0x00000803, new int[] {10, 28, 28}, 100); // truncated
        idx(data.resolve("train-labels-idx1-ubyte.gz"), 0x00000801, new int[] {10}, 10);
        idx(data.resolve("t10k-images-idx3-ubyte.gz"), 0x00000803, new int[] {2, 28, 28}, 2 * 784);
        idx(data.resolve("t10k-labels-idx1-ubyte.gz"), 0x00000801, new int[] {2}, 2);
        String truncated = oneLineError("train", "--data-dir", data.toString());
        assertTrue(truncated.contains("train-images-idx3-ubyte.gz") && truncated.contains("truncated"), truncated);

        idx(data.resolve("train-images-idx3-ubyte.gz"), 0x00000801, new int[] {10, 28, 28}, 10 * 784); // labels' magic
        String magic = oneLineError("train", "--data-dir", data.toString());
        assertTrue(magic.contains("train-images-idx3-ubyte.gz") && magic.contains("magic number")
                && magic.contains("right file"), magic);
    }

    private static void idx(Path file, int magic, int[] dims, int dataBytes) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(new byte[dataBytes]);
        }
    }

    @Test
    void badSecretsAndTlsOptionsAreOneLineEach() throws IOException {
        Path missing = dir.resolve("no-such-file");
        String tokenFile = oneLineError("worker", "--coordinator", "127.0.0.1:1", "--id", "0", "--token-file",
                missing.toString());
        assertTrue(tokenFile.contains("--token-file " + missing) && tokenFile.contains("readable file"), tokenFile);
        Path empty = Files.writeString(dir.resolve("empty-token"), "\n");
        String emptyToken = oneLineError("worker", "--coordinator", "127.0.0.1:1", "--id", "0", "--token-file",
                empty.toString());
        assertTrue(emptyToken.contains("is empty"), emptyToken);
        String cert = oneLineError("coordinator", "--tls-cert", missing.toString(), "--tls-key", missing.toString());
        assertTrue(cert.contains("--tls-cert " + missing) && cert.contains("give a readable file"), cert);
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        String bad = oneLineError("coordinator", "--tls-cert", notPem.toString(), "--tls-key", notPem.toString());
        assertTrue(bad.contains("cannot use the TLS files") && bad.contains("PKCS#8"), bad);
        String alone = oneLineError("coordinator", "--tls-client-ca", notPem.toString());
        assertTrue(alone.contains("--tls-client-ca needs --tls-cert and --tls-key"), alone);
        String workerCert = oneLineError("worker", "--coordinator", "127.0.0.1:1", "--id", "0", "--token", "t",
                "--tls-cert", notPem.toString());
        assertTrue(workerCert.contains("need --tls-ca"), workerCert);
    }

    @Test
    void badOptionValuesAreOneLineEach() {
        assertTrue(oneLineError("train", "--rounds", "many").contains("--rounds"));
        assertTrue(oneLineError("train", "--workers", "2", "--replication", "3").contains("--replication"));
        assertTrue(oneLineError("coordinator", "--listen", "nohost").contains("HOST:PORT"));
        assertTrue(oneLineError("worker", "--coordinator", "127.0.0.1:1", "--id", "0", "--token", "t",
                "--max-message-mb", "0").contains("--max-message-mb"));
    }

    @Test
    void badEllAutoSettingsAreOneLineEach() {
        assertTrue(oneLineError("train", "--ell", "auto", "--replication", "1").contains("--replication 1 leaves"
                + " only ell = 1"));
        assertTrue(oneLineError("train", "--ell", "auto", "--upload-bandwidth", "-3").contains("--upload-bandwidth"
                + " must be a positive number"));
        assertTrue(oneLineError("train", "--ell", "2", "--upload-bandwidth", "1e6").contains("only applies to"
                + " --ell auto"));
        assertTrue(oneLineError("train", "--ell", "auto:4", "--replication", "3").contains("exceeds --replication"));
        assertTrue(oneLineError("train", "--ell", "auto", "--protocol", "partial,original").contains("not original"));
        assertTrue(oneLineError("train", "--ell", "auto", "--ordering", "adaptive").contains("static orders"));
        assertTrue(oneLineError("train", "--ell", "auto", "--mode", "approx").contains("--mode exact"));
        assertTrue(oneLineError("train", "--ell", "some").contains("a number, auto or auto:MAX"));
    }

    @Test
    void theTokenComesFromTheFileThenTheFlagThenTheEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "from-file\nignored\n");
        assertEquals("from-file", TokenSource.resolve(file, "flag", Map.of("GCODING_TOKEN", "env")));
        assertEquals("flag", TokenSource.resolve(null, "flag", Map.of("GCODING_TOKEN", "env")));
        assertEquals("env", TokenSource.resolve(null, null, Map.of("GCODING_TOKEN", "env")));
        assertEquals(null, TokenSource.resolve(null, null, Map.of()));
        Path fresh = TokenSource.writeFresh();
        try {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(fresh)));
            assertEquals(32, TokenSource.resolve(fresh, null, Map.of()).length());
        } finally {
            Files.delete(fresh);
        }
    }

    @Test
    void theHelpSaysTheTokenFlagIsVisibleAndTheCoordinatorListensOnLoopback() {
        for (String command : new String[] {"coordinator", "worker"}) {
            StringWriter out = new StringWriter();
            assertEquals(0, OrderCommandTest.run(out, new StringWriter(), command, "--help"));
            String help = out.toString().replaceAll("\\s+", " ");
            assertTrue(help.contains("VISIBLE to every user in 'ps'") && help.contains("--token-file"), help);
            assertTrue(help.contains("--tls-cert") && help.contains("--tls-key"), help);
        }
        StringWriter out = new StringWriter();
        OrderCommandTest.run(out, new StringWriter(), "coordinator", "--help");
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("Default: 127.0.0.1:0") && help.contains("--metrics-host"), help);
    }
}
