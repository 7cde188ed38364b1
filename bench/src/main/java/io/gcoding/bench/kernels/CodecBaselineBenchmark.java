package io.gcoding.bench.kernels;

import static org.bytedeco.openblas.global.openblas_full.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas_full.openblas_set_num_threads;

import io.gcoding.coding.BlockLayout;
import io.gcoding.coding.DecodingMatrix;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.DoublePointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The encode and decode as they were written before they were blocked (issue 11), on the data of
 * {@link EncodeDecodeBenchmark} (same sizes, seeds and missing workers), so that one JMH run measures the old and the
 * new kernels against the same roofline:
 * <ul>
 *   <li>{@code encodeDaxpyTiles}: the CPU backend's former encode, one OpenBLAS daxpy per (chunk, block) term into a
 *       512 KiB tile of the output;</li>
 *   <li>{@code decodeWorkerByWorker}: the coding core's former decode, {@code ghat[k L + x] += Theta[k][j] t_j[x]}
 *       upload by upload, block by block.</li>
 * </ul>
 * CPU only; not part of the GPU check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBaselineBenchmark {

    private static final int ENCODE_TILE = 1 << 16;

    @Param({"softmax", "mlp2"})
    public String model;

    @Param({"1", "4"})
    public int ell;

    @Param({"1"})
    public int blasThreads;

    private int d;
    private int blockLength;
    private DoublePointer[] grads;
    private double[][] coeffs;
    private DoublePointer out;
    private DecodingMatrix theta;
    private double[][] uploads;

    @Setup(Level.Trial)
    public void setUp() {
        openblas_set_num_threads(blasThreads);
        d = BenchModels.model(model, BenchModels.FASHION_FEATURES, BenchModels.FASHION_CLASSES).parameterCount();
        blockLength = new BlockLayout(d, ell).blockLength();
        grads = new DoublePointer[EncodeDecodeBenchmark.CHUNKS];
        coeffs = new double[EncodeDecodeBenchmark.CHUNKS][];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = new DoublePointer(BenchModels.gaussian(d, 1.0, 100 + i));
            coeffs[i] = BenchModels.gaussian(ell, 1.0, 200 + i);
        }
        out = new DoublePointer((long) blockLength);
        theta = DecodingMatrix.gaussian(ell, EncodeDecodeBenchmark.WORKERS, 300);
        uploads = new double[EncodeDecodeBenchmark.WORKERS][];
        for (int j = 0; j < uploads.length; j++) {
            uploads[j] = j % 10 == 3 ? null : BenchModels.gaussian(blockLength, 1.0, 400 + j);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (DoublePointer g : grads) {
            g.close();
        }
        out.close();
    }

    @Benchmark
    public DoublePointer encodeDaxpyTiles() {
        out.zero();
        DoublePointer outView = new DoublePointer(out);
        DoublePointer[] views = new DoublePointer[grads.length];
        for (int i = 0; i < views.length; i++) {
            views[i] = new DoublePointer(grads[i]);
        }
        for (long tile = 0; tile < blockLength; tile += ENCODE_TILE) {
            int tileLength = (int) Math.min(ENCODE_TILE, blockLength - tile);
            outView.position(tile);
            for (int i = 0; i < grads.length; i++) {
                for (int k = 0; k < ell; k++) {
                    long start = k * (long) blockLength + tile;
                    long valid = Math.min(tileLength, d - start);
                    if (valid <= 0 || coeffs[i][k] == 0.0) {
                        continue;
                    }
                    views[i].position(start);
                    cblas_daxpy((int) valid, coeffs[i][k], views[i], 1, outView, 1);
                }
            }
        }
        return out;
    }

    @Benchmark
    public double[] decodeWorkerByWorker() {
        double[] ghat = new double[d];
        for (int j = 0; j < uploads.length; j++) {
            double[] t = uploads[j];
            if (t == null) {
                continue;
            }
            for (int k = 0; k < ell; k++) {
                double w = theta.get(k, j);
                int offset = k * blockLength;
                int end = Math.min(blockLength, d - offset);
                for (int x = 0; x < end; x++) {
                    ghat[offset + x] += w * t[x];
                }
            }
        }
        return ghat;
    }
}
