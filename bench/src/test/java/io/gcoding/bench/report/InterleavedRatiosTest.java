package io.gcoding.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The interleaved ratios on a fake clock whose "load" changes from round to round. */
class InterleavedRatiosTest {

    /** A clock that each call advances by the cost its variant has in the current round. */
    private static final class LoadedClock {
        long now;
        int calls;
    }

    @Test
    void ratioIsTakenAgainstTheSameRoundsRooflineSoLoadDriftCancels() {
        LoadedClock clock = new LoadedClock();
        // round r (0 = warm-up) slows everything by the factor load[r]; the kernel always takes twice the roofline
        long[] load = {50, 1, 3, 1, 9, 2};
        int[] round = {0};
        int[] variantInRound = {0};
        List<InterleavedRatios.Variant> variants = List.of(
                new InterleavedRatios.Variant("roofline", 1000, () -> {
                    clock.now += 10 * load[round[0]];
                    clock.calls++;
                }),
                new InterleavedRatios.Variant("kernel", 1000, () -> {
                    clock.now += 20 * load[round[0]];
                    clock.calls++;
                }));
        // the budget (100) is a multiple of every cost, so each variant's calls fill it exactly; advance the
        // round after both variants have used their budget
        List<InterleavedRatios.Figure> figures = InterleavedRatios.measure(wrap(variants, round, variantInRound,
                clock), 5, 1000, () -> clock.now);
        assertEquals(2, figures.size());
        assertEquals(1.0, figures.get(0).ofRoofline(), 1e-12);
        // the same bytes in twice the time in every round: 50%, whatever each round's load
        assertEquals(0.5, figures.get(1).ofRoofline(), 1e-12);
        // the warm-up round (load 50) is not in the medians: loads 1, 3, 1, 9, 2 -> median 2 -> 20 ns per call
        assertEquals(20e-9, figures.get(0).seconds(), 1e-18);
        assertEquals(40e-9, figures.get(1).seconds(), 1e-18);
        assertEquals(1000 / 40e-9, figures.get(1).bytesPerSecond(), 1e-3);
        assertTrue(InterleavedRatios.render(figures).contains("| kernel | 0.0 us | 25.00 | 50% |"),
                InterleavedRatios.render(figures));
    }

    /** Counts each variant's budget to know when a round ends (the code under test does not expose rounds). */
    private static List<InterleavedRatios.Variant> wrap(List<InterleavedRatios.Variant> variants, int[] round,
            int[] variantInRound, LoadedClock clock) {
        long[] start = {-1};
        return variants.stream().map(v -> new InterleavedRatios.Variant(v.name(), v.bytes(), () -> {
            if (start[0] < 0) {
                start[0] = clock.now;
            }
            v.call().run();
            if (clock.now - start[0] >= 1000) {
                start[0] = -1;
                if (++variantInRound[0] == variants.size()) {
                    variantInRound[0] = 0;
                    round[0]++;
                }
            }
        })).toList();
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertEquals(2.0, InterleavedRatios.median(new double[] {3, 1, 2}));
        assertEquals(2.5, InterleavedRatios.median(new double[] {4, 1, 2, 3}));
    }

    @Test
    void needsARooflineAndARound() {
        assertThrows(IllegalArgumentException.class, () -> InterleavedRatios.measure(List.of(), 3, 1, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> InterleavedRatios.measure(
                List.of(new InterleavedRatios.Variant("r", 1, () -> { })), 0, 1, () -> 0));
    }
}
