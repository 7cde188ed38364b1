package io.gcoding.data;

import java.util.Arrays;

/**
 * Splits a training set into the N chunks D_1..D_N of PROTOCOL.md §1, and draws per-round mini-batches inside a
 * chunk.
 *
 * <p>Everything here is a pure function of its arguments (own generator, no global state): the coordinator and
 * every worker process compute the same chunks from (dataset spec, seed, N), so a worker can load the data and
 * keep only the chunks it is assigned, without anything being shipped.
 */
public final class Chunking {
    private static final long PERMUTATION_STREAM = 0xC4_0E_5EEDL;
    private static final long BATCH_STREAM = 0xBA7C_4E5L;

    private Chunking() {
    }

    /**
     * Sizes of n contiguous near-equal parts of {@code rows}: the first {@code rows % n} parts have one row more.
     */
    public static int[] chunkSizes(int rows, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the number of chunks must be >= 1, got " + n);
        }
        if (n > rows) {
            throw new IllegalArgumentException("cannot split " + rows + " rows into " + n
                    + " chunks: every chunk needs at least one row (use fewer chunks or more data)");
        }
        int[] sizes = new int[n];
        Arrays.fill(sizes, rows / n);
        for (int i = 0; i < rows % n; i++) {
            sizes[i]++;
        }
        return sizes;
    }

    /** The seeded row permutation behind {@link #split}: chunk i is a contiguous run of it. */
    public static int[] permutation(int rows, long seed) {
        return SeededRandom.of(seed, PERMUTATION_STREAM).permutation(rows);
    }

    /** All n chunks: a seeded permutation of the rows cut into n contiguous near-equal parts. */
    public static HostChunk[] split(Dataset train, int n, long seed) {
        int[] sizes = chunkSizes(train.rows(), n);
        int[] perm = permutation(train.rows(), seed);
        HostChunk[] chunks = new HostChunk[n];
        int start = 0;
        for (int i = 0; i < n; i++) {
            chunks[i] = gather(train, perm, start, sizes[i]);
            start += sizes[i];
        }
        return chunks;
    }

    /** Chunk {@code index} of {@link #split}{@code (train, n, seed)}, without building the others. */
    public static HostChunk chunk(Dataset train, int n, long seed, int index) {
        int[] sizes = chunkSizes(train.rows(), n);
        if (index < 0 || index >= n) {
            throw new IndexOutOfBoundsException("chunk " + index + " outside 0.." + (n - 1));
        }
        int start = 0;
        for (int i = 0; i < index; i++) {
            start += sizes[i];
        }
        return gather(train, permutation(train.rows(), seed), start, sizes[index]);
    }

    private static HostChunk gather(Dataset data, int[] perm, int start, int count) {
        int f = data.features();
        double[] x = new double[count * f];
        double[] y = new double[count];
        for (int i = 0; i < count; i++) {
            int row = perm[start + i];
            System.arraycopy(data.x(), row * f, x, i * f, f);
            y[i] = data.y()[row];
        }
        return new HostChunk(count, f, x, y);
    }

    /**
     * The mini-batch of one chunk in one round: {@code batch} distinct row indices of the chunk, sorted, drawn
     * afresh for every (seed, round, chunk). Every worker holding the chunk draws the same batch, which the
     * protocol needs: replicas of a chunk must produce the same g_i.
     *
     * @return the sorted indices, or null when {@code batch >= chunkRows} (use the whole chunk)
     */
    public static int[] miniBatchRows(int chunkRows, int batch, long seed, long round, int chunk) {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunkRows must be >= 1, got " + chunkRows);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("the mini-batch size must be >= 1, got " + batch);
        }
        if (batch >= chunkRows) {
            return null;
        }
        SeededRandom r = SeededRandom.of(seed, BATCH_STREAM, round, chunk);
        // Partial Fisher-Yates over 0..chunkRows-1: the first `batch` entries are a uniform sample without
        // replacement. O(chunkRows) memory, which is a chunk's row count, never a dataset's.
        int[] pool = new int[chunkRows];
        for (int i = 0; i < chunkRows; i++) {
            pool[i] = i;
        }
        for (int i = 0; i < batch; i++) {
            int j = i + r.nextInt(chunkRows - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        int[] rows = Arrays.copyOf(pool, batch);
        Arrays.sort(rows);
        return rows;
    }
}
