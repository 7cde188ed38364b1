package io.gcoding.bench.report;

import io.gcoding.bench.kernels.BenchModels;
import io.gcoding.bench.kernels.EncodeDecodeBenchmark;
import io.gcoding.bench.kernels.GemmPlan;
import io.gcoding.bench.kernels.RooflineBenchmark;
import io.gcoding.model.ModelSpec;

/**
 * The compulsory work of each benchmarked kernel and roofline kernel, in bytes and flops: the one definition that
 * {@link KernelReport} (docs/KERNELS.md) and the GPU check's figures ({@code io.gcoding.bench.gpu.GpuCheck}) divide
 * their measured times by.
 */
public final class KernelWork {

    /** The two codec operations of {@link EncodeDecodeBenchmark}. */
    public enum Codec {
        /** A worker reads its {@link EncodeDecodeBenchmark#CHUNKS} chunk gradients and writes its upload. */
        ENCODE,
        /** The PS reads the uploads that arrived and writes ghat. */
        DECODE;

        /** The operation a benchmark method ({@code encode} or {@code decode}) times. */
        public static Codec ofBenchmark(String method) {
            return valueOf(method.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Bytes and floating-point operations of one call. */
    public record Work(double bytes, double flops) {
    }

    private KernelWork() {
    }

    /**
     * One chunk gradient: X read once (the compulsory traffic); flops {@code 4 n p} for LINEAR/LOGISTIC (X w and
     * X^T r), else the dgemms of {@link GemmPlan}.
     */
    public static Work gradient(ModelSpec model, BenchModels.Shape shape) {
        double bytes = (double) shape.rows() * shape.features() * Double.BYTES;
        double flops = model.classes() == 1 ? 4.0 * shape.rows() * shape.features()
                : GemmPlan.flops(model, shape.rows());
        return new Work(bytes, flops);
    }

    /** Uploads that reach the PS in {@link EncodeDecodeBenchmark}: one in ten workers is missing. */
    public static int decodedUploads() {
        return EncodeDecodeBenchmark.WORKERS - EncodeDecodeBenchmark.WORKERS / 10;
    }

    /** Compulsory bytes of one encode (the gradients and the upload) or decode (the uploads and ghat). */
    public static double codecBytes(Codec op, int d, int ell) {
        long blockLength = (d + ell - 1) / ell;
        return op == Codec.ENCODE
                ? (double) (EncodeDecodeBenchmark.CHUNKS * (long) d + blockLength) * Double.BYTES
                : (double) (decodedUploads() * blockLength + d) * Double.BYTES;
    }

    /** Bytes of one STREAM triad or daxpy call of {@link RooflineBenchmark} (24 per element, STREAM's convention). */
    public static double streamBytes() {
        return 24.0 * RooflineBenchmark.STREAM_LENGTH;
    }

    /** Bytes of one read-only ddot of {@link RooflineBenchmark} (two arrays read, 16 per element). */
    public static double readOnlyBytes() {
        return 16.0 * RooflineBenchmark.STREAM_LENGTH;
    }

    /** Flops of a square dgemm of order n ({@code 2 n^3}). */
    public static double dgemmFlops(int n) {
        return 2.0 * n * n * n;
    }
}
