package io.gcoding.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuRowBlockingTest {

    @Test
    void skinnyFashionMnistGemmsStayUnderOpenBlasSmallMatrixLimit() {
        int rows = CpuRowBlocking.rows(784, 10);
        assertEquals(80, rows);
        assertTrue((long) rows * 10 * 784 <= 1_000_000, "M N K of the forward GEMM");
        assertEquals(80, CpuRowBlocking.rows(784, 1));
    }

    @Test
    void wideFirstLayersUseLargeBlocksAndTinyInputsAreCapped() {
        assertEquals(256, CpuRowBlocking.rows(784, 128));
        assertEquals(256, CpuRowBlocking.rows(4096, 100));
        assertEquals(16, CpuRowBlocking.rows(100_000, 1));
        assertEquals(1024, CpuRowBlocking.rows(7, 4));
    }

    @Test
    void generalizedLinearRowsAreFusedOnlyWhileARowAndTheGradientFitL1() {
        assertTrue(CpuRowBlocking.fusedRows(784));
        assertTrue(CpuRowBlocking.fusedRows(2048));
        assertFalse(CpuRowBlocking.fusedRows(2049));
        assertFalse(CpuRowBlocking.fusedRows(4096));
    }
}
