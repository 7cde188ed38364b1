package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tiled decode against its definition (PROTOCOL.md §2.7) at the edges of its blocking: ell = 1..4, d not a
 * multiple of ell (a short last block) and smaller than ell (empty blocks), block lengths on either side of a tile
 * boundary, worker counts that leave 0..3 uploads after the groups of four, and missing uploads.
 */
class GradientDecoderTest {

    /** ghat[k L + x] = sum_j Theta[k][j] t_j[x] for k L + x < d, worker by worker, as PROTOCOL.md writes it. */
    static double[] byDefinition(DecodingMatrix theta, double[][] uploads, BlockLayout layout) {
        int len = layout.blockLength();
        double[] ghat = new double[layout.dimension()];
        for (int j = 0; j < uploads.length; j++) {
            if (uploads[j] == null) {
                continue;
            }
            for (int k = 0; k < layout.ell(); k++) {
                for (int x = 0; x < len && k * len + x < ghat.length; x++) {
                    ghat[k * len + x] += theta.get(k, j) * uploads[j][x];
                }
            }
        }
        return ghat;
    }

    private static double[][] uploads(Random rnd, int workers, int length, int missingEvery) {
        double[][] t = new double[workers][];
        for (int j = 0; j < workers; j++) {
            if (missingEvery > 0 && j % missingEvery == missingEvery - 1) {
                continue;
            }
            t[j] = new double[length];
            for (int x = 0; x < length; x++) {
                t[j][x] = rnd.nextGaussian();
            }
        }
        return t;
    }

    private static void assertDecodes(int d, int ell, int workers, int missingEvery, long seed) {
        Random rnd = new Random(seed);
        BlockLayout layout = new BlockLayout(d, ell);
        DecodingMatrix theta = DecodingMatrix.gaussian(ell, workers, seed);
        double[][] t = uploads(rnd, workers, layout.blockLength(), missingEvery);
        double[] expected = byDefinition(theta, t, layout);
        double[] actual = GradientDecoder.decode(theta, t, layout);
        assertEquals(d, actual.length);
        double diff = 0;
        double norm = 0;
        for (int x = 0; x < d; x++) {
            diff += (actual[x] - expected[x]) * (actual[x] - expected[x]);
            norm += expected[x] * expected[x];
        }
        double error = Math.sqrt(diff / Math.max(norm, 1e-300));
        assertTrue(error <= 1e-14, () -> "relative error " + error + " at d=" + d + ", ell=" + ell
                + ", workers=" + workers);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void matchesTheDefinitionAcrossTileAndBlockBoundaries(int ell) {
        int tile = GradientDecoder.tileLength(ell);
        // block lengths: tiny, one short of a tile, a tile, one past, several tiles plus a remainder
        for (int len : new int[] {1, 7, tile - 1, tile, tile + 1, 3 * tile + 77}) {
            for (int shortBy = 0; shortBy < ell; shortBy++) {
                int d = ell * len - shortBy; // shortBy > 0: the last block is padded
                if (d >= 1) {
                    assertDecodes(d, ell, 9, 4, 31L * len + shortBy);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void everyRemainderAfterTheGroupsOfFourIsIncluded(int ell) {
        for (int workers = ell; workers <= 13; workers++) {
            assertDecodes(1001, ell, workers, 0, 100 + workers);
            assertDecodes(1001, ell, workers, 3, 200 + workers); // missing uploads change the groups
        }
    }

    @Test
    void manyWorkersStillMatchAndTheTileShrinksWithEll() {
        assertEquals(768, GradientDecoder.tileLength(1));
        assertEquals(512, GradientDecoder.tileLength(4));
        assertEquals(GradientDecoder.MIN_TILE, GradientDecoder.tileLength(100));
        assertDecodes(40_003, 4, 200, 7, 5);
        assertDecodes(40_003, 1, 200, 7, 6);
    }

    @Test
    void dimensionSmallerThanEllLeavesEmptyBlocks() {
        // d = 2, ell = 4: L = 1, blocks 2 and 3 lie entirely in the padding
        assertDecodes(2, 4, 5, 0, 7);
        assertDecodes(1, 3, 3, 0, 8);
    }

    @Test
    void noUploadsDecodeToZero() {
        BlockLayout layout = new BlockLayout(10, 2);
        assertArrayEquals(new double[10], GradientDecoder.decode(DecodingMatrix.chebyshev(2, 3),
                new double[3][], layout), 0.0);
    }

    @Test
    void wrongShapesAreRejectedWithTheExpectedLength() {
        BlockLayout layout = new BlockLayout(10, 2);
        DecodingMatrix theta = DecodingMatrix.chebyshev(2, 3);
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> GradientDecoder.decode(theta, new double[][] {new double[5], new double[4], null}, layout));
        assertTrue(length.getMessage().contains("worker 1") && length.getMessage().contains("= 5"),
                length.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> GradientDecoder.decode(theta, new double[2][], layout));
        assertTrue(count.getMessage().contains("2 uploads for 3 workers"), count.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GradientDecoder.decode(theta, new double[3][], new BlockLayout(10, 3)));
    }
}
