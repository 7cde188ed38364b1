package io.gcoding.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.data.HostChunk;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkingTest {

    /** Row i has features (i, -i) and label i % 3, so rows can be recognised inside chunks. */
    static Dataset numbered(int rows) {
        double[] x = new double[rows * 2];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 3;
        }
        return new Dataset("numbered", rows, 2, 3, x, y);
    }

    @Test
    void chunksPartitionTheRowsWithNearEqualSizes() {
        Dataset d = numbered(103);
        HostChunk[] chunks = Chunking.split(d, 10, 5);
        assertEquals(10, chunks.length);
        Set<Integer> seen = new HashSet<>();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (HostChunk c : chunks) {
            min = Math.min(min, c.rows());
            max = Math.max(max, c.rows());
            assertEquals(2, c.cols());
            for (int r = 0; r < c.rows(); r++) {
                int row = (int) c.features()[2 * r];
                assertEquals(-row, c.features()[2 * r + 1], "a row's features stay together");
                assertEquals(row % 3, c.labels()[r], "a row's label stays with it");
                assertTrue(seen.add(row), "row " + row + " is in two chunks");
            }
        }
        assertEquals(103, seen.size());
        assertEquals(10, min);
        assertEquals(11, max);
        assertArrayEquals(new int[] {11, 11, 11, 10, 10, 10, 10, 10, 10, 10}, Chunking.chunkSizes(103, 10));
    }

    @Test
    void sameSeedGivesIdenticalChunksAndOneChunkCanBeRebuiltAlone() {
        Dataset d = numbered(50);
        HostChunk[] a = Chunking.split(d, 7, 99);
        HostChunk[] b = Chunking.split(numbered(50), 7, 99); // as another process would
        for (int i = 0; i < 7; i++) {
            assertArrayEquals(a[i].features(), b[i].features());
            assertArrayEquals(a[i].labels(), b[i].labels());
            HostChunk alone = Chunking.chunk(d, 7, 99, i);
            assertArrayEquals(a[i].features(), alone.features());
            assertArrayEquals(a[i].labels(), alone.labels());
        }
        HostChunk[] other = Chunking.split(d, 7, 100);
        assertTrue(!Arrays.equals(a[0].features(), other[0].features()), "another seed shuffles differently");
    }

    @Test
    void permutationIsPinned() {
        // Pins the generator: if these change, the chunks and batches of every saved run change, and workers of
        // different versions would disagree with their coordinator.
        assertArrayEquals(new int[] {0, 9, 7, 2, 6, 3, 4, 8, 5, 1}, Chunking.permutation(10, 1));
        assertArrayEquals(new int[] {18, 29, 32, 47, 52}, Chunking.miniBatchRows(100, 5, 1, 2, 3));
        int[] p = Chunking.permutation(1000, 1);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, sorted[i]);
        }
        int fixed = 0;
        for (int i = 0; i < 1000; i++) {
            fixed += p[i] == i ? 1 : 0;
        }
        assertTrue(fixed < 10, "a shuffled permutation has few fixed points, got " + fixed);
    }

    @Test
    void badChunkCountsAreRejected() {
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> Chunking.split(numbered(5), 6, 1));
        assertTrue(tooMany.getMessage().contains("5 rows into 6 chunks"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Chunking.split(numbered(5), 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> Chunking.chunk(numbered(5), 2, 1, 2));
        for (HostChunk c : Chunking.split(numbered(5), 5, 1)) {
            assertEquals(1, c.rows(), "as many chunks as rows: one row each");
        }
    }

    @Test
    void miniBatchesAreSortedDistinctDeterministicAndVaryByRoundAndChunk() {
        int[] a = Chunking.miniBatchRows(100, 10, 7, 3, 2);
        assertEquals(10, a.length);
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i - 1] < a[i], "sorted and distinct");
        }
        assertTrue(a[0] >= 0 && a[9] < 100);
        assertArrayEquals(a, Chunking.miniBatchRows(100, 10, 7, 3, 2));
        assertTrue(!Arrays.equals(a, Chunking.miniBatchRows(100, 10, 7, 4, 2)), "next round, new batch");
        assertTrue(!Arrays.equals(a, Chunking.miniBatchRows(100, 10, 7, 3, 1)), "other chunk, new batch");
        assertTrue(!Arrays.equals(a, Chunking.miniBatchRows(100, 10, 8, 3, 2)), "other seed, new batch");
        assertNull(Chunking.miniBatchRows(100, 100, 7, 3, 2));
        assertNull(Chunking.miniBatchRows(100, 500, 7, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> Chunking.miniBatchRows(100, 0, 7, 3, 2));
    }

    @Test
    void miniBatchesCoverRowsUniformly() {
        int[] hits = new int[20];
        for (int round = 0; round < 2000; round++) {
            for (int r : Chunking.miniBatchRows(20, 5, 1, round, 0)) {
                hits[r]++;
            }
        }
        for (int h : hits) {
            assertTrue(h > 400 && h < 600, "each row is drawn about 2000 * 5 / 20 = 500 times, got " + h);
        }
    }
}
