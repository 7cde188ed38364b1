package io.gcoding.training.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StragglerProfileTest {

    @Test
    void theExampleFromTheCommandLine() {
        StragglerProfile p = StragglerProfile.parse("slow=2:3,5:6;fail=7@3");
        assertEquals(3.0, p.slowdown(2));
        assertEquals(6.0, p.slowdown(5));
        assertEquals(1.0, p.slowdown(0));
        assertEquals(OptionalLong.of(3), p.failRound(7));
        assertEquals(OptionalLong.empty(), p.failRound(2));
        assertFalse(p.hasFailed(7, 2));
        assertTrue(p.hasFailed(7, 3));
        assertTrue(p.hasFailed(7, 4));
        assertEquals(0.0, p.jitterSeconds());
        assertEquals("INJECTED stragglers: worker 2 x3 slower; worker 5 x6 slower; worker 7 fails at round 3",
                p.describe());
        assertEquals(p, p.validate(8));
    }

    @Test
    void partsInAnyOrderAndEmptyMeansNone() {
        StragglerProfile a = StragglerProfile.parse(" jitter=0.02 ; fail=7@3 ; slow=5:6,2:3 ");
        StragglerProfile b = StragglerProfile.parse("slow=2:3,5:6;fail=7@3;jitter=0.02");
        assertEquals(a, b);
        assertEquals("slow=2:3,5:6;fail=7@3;jitter=0.02", a.text());
        assertEquals(a, StragglerProfile.parse(a.text()));
        StragglerProfile none = StragglerProfile.parse("");
        assertTrue(none.isNone());
        assertEquals(StragglerProfile.none(), none);
        assertEquals("INJECTED stragglers: none", none.describe());
        assertEquals(0.0, none.chunkDelay(3, 1, 2, 0.5));
    }

    @Test
    void chunkDelayIsSlowdownTimesComputePlusSeededJitter() {
        StragglerProfile slow = StragglerProfile.parse("slow=2:3");
        assertEquals(2 * 0.25, slow.chunkDelay(2, 0, 0, 0.25), 1e-15); // 3x slower: 2x the compute time extra
        assertEquals(0.0, slow.chunkDelay(1, 0, 0, 0.25));

        StragglerProfile jitter = StragglerProfile.parse("jitter=0.01", 42);
        double d = jitter.chunkDelay(1, 5, 3, 0.0);
        assertEquals(d, StragglerProfile.parse("jitter=0.01", 42).chunkDelay(1, 5, 3, 0.0), "replayable");
        assertTrue(d != jitter.chunkDelay(1, 5, 4, 0.0) && d != jitter.chunkDelay(1, 6, 3, 0.0)
                && d != jitter.chunkDelay(2, 5, 3, 0.0) && d != StragglerProfile.parse("jitter=0.01", 43)
                        .chunkDelay(1, 5, 3, 0.0), "a fresh draw per worker, round, chunk and seed");
        double sum = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double x = jitter.chunkDelay(0, i, 0, 0.0);
            assertTrue(x >= 0);
            sum += x;
        }
        assertEquals(0.01, sum / n, 0.0005, "exponential with mean 0.01 s");
        assertTrue(jitter.describe().contains("jitter") && jitter.describe().contains("0.01"), jitter.describe());
    }

    @Test
    void validateNamesWorkersThatDoNotExist() {
        StragglerProfile p = StragglerProfile.parse("slow=2:3,5:6;fail=7@3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.validate(6));
        assertTrue(e.getMessage().contains("worker 7") && e.getMessage().contains("only 6 workers"), e.getMessage());
        IllegalArgumentException slow = assertThrows(IllegalArgumentException.class, () -> p.validate(5));
        assertTrue(slow.getMessage().contains("slow names worker 5"), slow.getMessage());
    }

    @Test
    void parsingErrorsAreClear() {
        assertError("slow=2:0.5", "must be a finite number >= 1");
        assertError("slow=2", "'2' is not J:FACTOR");
        assertError("slow=x:3", "worker 'x' is not an index");
        assertError("slow=2:fast", "'fast' is not a number");
        assertError("slow=2:3,2:4", "worker 2 is slowed twice");
        assertError("slow=", "expected a list of J:FACTOR");
        assertError("fail=7", "'7' is not J@ROUND");
        assertError("fail=7@soon", "round 'soon' is not an integer");
        assertError("fail=7@-1", "must be >= 0");
        assertError("fail=-1@2", "must be >= 0");
        assertError("jitter=-0.5", "jitter must be");
        assertError("jitter=0.1;jitter=0.2", "'jitter' is given twice");
        assertError("delay=2:3", "unknown parameter 'delay' (valid: slow, fail, jitter)");
        assertError("slow", "'slow' is not key=value; write e.g. slow=2:3,5:6;fail=7@3");
        assertError("slow=2:3:4", "is not J:FACTOR");
    }

    private static void assertError(String text, String expected) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> StragglerProfile.parse(text));
        assertTrue(e.getMessage().contains(expected), "'" + text + "' gave: " + e.getMessage());
    }

    @Test
    void profileFileOnePartPerLineWithComments(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("profile.txt"), """
                # two slow workers, one failure
                slow=2:3,5:6   # the slow ones

                fail=7@3
                jitter=0.005
                """);
        StragglerProfile p = StragglerProfile.load(f, 9);
        assertEquals(StragglerProfile.parse("slow=2:3,5:6;fail=7@3;jitter=0.005", 9), p);
        Path bad = Files.writeString(dir.resolve("bad.txt"), "slow=2:3\nfail=7\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StragglerProfile.load(bad, 0));
        assertTrue(e.getMessage().contains("bad.txt"), e.getMessage());
    }
}
