package io.gcoding.kernels.cpu;

/**
 * How many rows of X the CPU backend processes per block (see {@code DeviceOps#rowBlock}). Public so that the
 * benchmarks can run exactly the GEMMs the backend runs.
 *
 * <p>Measured with OpenBLAS 0.3.31 on one core of the 2-core AMD EPYC development VM (Fashion-MNIST shapes, 8,000 x
 * 784): blocking the two passes over X into ~80-row blocks made the LINEAR gradient's GEMV pair 1.8x faster (X is
 * read from memory once) and the SOFTMAX GEMM pair (K = 10) about 3x faster, because blocks of at most ~127 rows stay
 * under OpenBLAS's small-matrix limit (M N K <= 10^6 on AVX-512 cores), whose kernels skip packing. Wide first layers
 * (K >= 64: MLP hidden layers, the 100-class large case) are compute-bound; there, small blocks only add packing of
 * W per call, so blocks are at least 256 rows.
 */
public final class CpuRowBlocking {

    /** Bytes of X per block in the memory-bound case: comfortably inside a 1-2 MiB L2. */
    static final int BLOCK_BYTES = 512 * 1024;

    private CpuRowBlocking() {
    }

    /**
     * Widest X (columns) for which a LINEAR/LOGISTIC block is done row by row (a dot, the residual, an axpy) rather
     * than by two GEMVs over the block: a row and the gradient together fit a 32 KiB L1 data cache, so the axpy reads
     * the row the dot has just brought in. Measured on the development VM (one core, 8,000 x 784): the row pass took
     * 2.65 ms, the two-GEMV pass per 80-row block 3.1 ms; at 4,096 columns (row and gradient 64 KiB) the row pass was
     * slower than two GEMVs per 16-row block (79 vs 70 ms for 16,384 rows).
     */
    public static final int FUSED_ROW_MAX_COLS = 2048;

    /** Whether the CPU backend computes a LINEAR/LOGISTIC gradient over {@code cols} features row by row. */
    public static boolean fusedRows(int cols) {
        return cols <= FUSED_ROW_MAX_COLS;
    }

    public static int rows(int cols, int firstWidth) {
        int cacheRows = Math.max(16, Math.min(1024, BLOCK_BYTES / (Double.BYTES * cols)));
        cacheRows -= cacheRows % 8;
        return firstWidth >= 64 ? Math.max(256, cacheRows) : cacheRows;
    }
}
