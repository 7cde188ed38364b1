package io.gcoding.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gcoding.bench.kernels.BenchModels;
import io.gcoding.bench.report.KernelWork.Codec;
import org.junit.jupiter.api.Test;

/** The bytes and flops both reports divide by, worked out by hand for the benchmarked shapes. */
class KernelWorkTest {

    @Test
    void gradientReadsXOnceAndCountsItsProducts() {
        BenchModels.Shape shape = BenchModels.Shape.parse("8000x784");
        KernelWork.Work linear = KernelWork.gradient(shape.model("linear"), shape);
        assertEquals(8000.0 * 784 * 8, linear.bytes());
        assertEquals(4.0 * 8000 * 784, linear.flops()); // X w and X^T r
        BenchModels.Shape small = BenchModels.Shape.parse("2000x784");
        KernelWork.Work softmax = KernelWork.gradient(small.model("softmax"), small);
        assertEquals(2000.0 * 784 * 8, softmax.bytes());
        assertEquals(2.0 * 2000 * 10 * 784 * 2, softmax.flops()); // X W and X^T G, no dX for the input layer
    }

    @Test
    void codecBytesAreTheInputsReadAndTheOutputWritten() {
        // encode softmax (d = 7,850), ell 1: ten gradients and one upload
        assertEquals((10 + 1) * 7850.0 * 8, KernelWork.codecBytes(Codec.ENCODE, 7850, 1));
        // decode, ell 4: 18 uploads of L = 1,963 and ghat
        assertEquals(18, KernelWork.decodedUploads());
        assertEquals((18 * 1963.0 + 7850) * 8, KernelWork.codecBytes(Codec.DECODE, 7850, 4));
        assertEquals(Codec.DECODE, Codec.ofBenchmark("decode"));
        assertThrows(IllegalArgumentException.class, () -> Codec.ofBenchmark("transcode"));
    }

    @Test
    void rooflineKernelsCountStreamConventions() {
        assertEquals(24.0 * (1 << 23), KernelWork.streamBytes());
        assertEquals(16.0 * (1 << 23), KernelWork.readOnlyBytes());
        assertEquals(2.0 * 1536 * 1536 * 1536, KernelWork.dgemmFlops(1536));
    }
}
