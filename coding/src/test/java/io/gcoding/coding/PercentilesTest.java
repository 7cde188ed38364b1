package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void nearestRankPicksAnObservedValue() {
        double[] v = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
        assertEquals(5, Percentiles.of(v, 50));
        assertEquals(10, Percentiles.of(v, 95));
        assertEquals(1, Percentiles.of(v, 1));
        assertEquals(10, Percentiles.of(v, 100));
        assertEquals(5, v[0], "the input is not modified");
        double[] twenty = new double[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = i + 1;
        }
        assertEquals(19, Percentiles.of(twenty, 95), "ceil(0.95 * 20) = 19");
    }

    @Test
    void nanIsIgnoredAndInfinityIsTheLargestValue() {
        assertEquals(2, Percentiles.of(new double[] {Double.NaN, 1, 2, Double.NaN}, 100));
        assertEquals(Double.NaN, Percentiles.of(new double[] {Double.NaN}, 50));
        assertEquals(Double.NaN, Percentiles.of(new double[0], 50));
        // one "never" among 100: the p99 is still a finite value, the maximum is +inf
        double[] hundred = new double[100];
        for (int i = 0; i < 99; i++) {
            hundred[i] = i;
        }
        hundred[99] = INF;
        assertEquals(98, Percentiles.of(hundred, 99));
        assertEquals(INF, Percentiles.of(hundred, 100));
        // two of them: the p99 is +inf, as it should be
        hundred[98] = INF;
        assertEquals(INF, Percentiles.of(hundred, 99));
        assertEquals(INF, Percentiles.of(new double[] {3, INF, 7}, 100), "a worst condition of +inf is not hidden");
        assertEquals(Double.NEGATIVE_INFINITY, Percentiles.of(new double[] {Double.NEGATIVE_INFINITY, 0}, 50));
    }

    @Test
    void ranksAreClampedAndPercentsChecked() {
        assertEquals(1, Percentiles.nearestRank(3, 1e-9));
        assertEquals(3, Percentiles.nearestRank(3, 100));
        assertEquals(2, Percentiles.nearestRank(3, 50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(3, 0));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(3, 101));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(0, 50));
    }
}
