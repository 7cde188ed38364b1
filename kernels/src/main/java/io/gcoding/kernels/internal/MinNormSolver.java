package io.gcoding.kernels.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Minimum-norm least-squares coefficients B = pinv(A) of PROTOCOL.md §2.6 for many small matrices, through an SVD
 * (EJML) with the rank tolerance {@code max(rows, cols) * eps * sigma_max}: singular values at or below it are
 * treated as zero, so a nearly rank-deficient A_i gives the projection the protocol specifies rather than huge
 * coefficients. (A relative cut-off of plain eps misjudges the rank of such matrices; see TOOLCHAIN.md.)
 *
 * <p>The matrices are ell x r with ell <= ~4 and r <= ~10, far too small for a device: one SVD costs about a
 * microsecond on the host, so every backend solves them here.
 */
public final class MinNormSolver {

    private static final double EPS = Math.ulp(1.0);

    private MinNormSolver() {
    }

    /** Validates every matrix (naming the index of a bad one), then solves each. */
    public static double[][][] solveAll(List<double[][]> matrices) {
        if (matrices == null) {
            throw new IllegalArgumentException("matrices is null; pass a (possibly empty) list of ell x r matrices");
        }
        for (int i = 0; i < matrices.size(); i++) {
            validate(matrices.get(i), i);
        }
        // One decomposition object per shape: EJML's are reusable and allocating them dominates for tiny matrices.
        Map<Long, SingularValueDecomposition_F64<DMatrixRMaj>> decompositions = new HashMap<>();
        double[][][] out = new double[matrices.size()][][];
        for (int i = 0; i < matrices.size(); i++) {
            double[][] a = matrices.get(i);
            int rows = a.length;
            int cols = a[0].length;
            if (cols == 0) {
                out[i] = new double[0][rows];
                continue;
            }
            SingularValueDecomposition_F64<DMatrixRMaj> svd = decompositions.computeIfAbsent(
                    ((long) rows << 32) | cols, key -> DecompositionFactory_DDRM.svd(rows, cols, true, true, true));
            out[i] = pseudoInverse(svd, a, i);
        }
        return out;
    }

    private static double[][] pseudoInverse(SingularValueDecomposition_F64<DMatrixRMaj> svd, double[][] a, int index) {
        int rows = a.length;
        int cols = a[0].length;
        if (!svd.decompose(new DMatrixRMaj(a))) {
            throw new ArithmeticException("SVD did not converge for matrix " + index + " (" + rows + "x" + cols + ")");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        double[] sigma = svd.getSingularValues();
        int count = svd.numberOfSingularValues();
        double sigmaMax = 0;
        for (int t = 0; t < count; t++) {
            sigmaMax = Math.max(sigmaMax, sigma[t]);
        }
        double tolerance = Math.max(rows, cols) * EPS * sigmaMax;
        double[][] b = new double[cols][rows];
        for (int t = 0; t < count; t++) {
            if (sigma[t] <= tolerance) {
                continue;
            }
            double inverse = 1.0 / sigma[t];
            for (int i = 0; i < cols; i++) {
                double vi = v.get(i, t) * inverse;
                for (int j = 0; j < rows; j++) {
                    b[i][j] += vi * u.get(j, t);
                }
            }
        }
        return b;
    }

    private static void validate(double[][] a, int index) {
        if (a == null || a.length == 0 || a[0] == null) {
            throw new IllegalArgumentException("matrix " + index + " is null or has no rows; each A_i is ell x r_i");
        }
        int cols = a[0].length;
        for (int r = 0; r < a.length; r++) {
            if (a[r] == null || a[r].length != cols) {
                throw new IllegalArgumentException("matrix " + index + " is ragged: row " + r + " has "
                        + (a[r] == null ? "no entries" : a[r].length + " entries") + ", row 0 has " + cols);
            }
            for (int c = 0; c < cols; c++) {
                if (!Double.isFinite(a[r][c])) {
                    throw new IllegalArgumentException("matrix " + index + " has a non-finite entry " + a[r][c]
                            + " at (" + r + ", " + c + "); Theta must be finite");
                }
            }
        }
    }
}
