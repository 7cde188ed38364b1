package io.gcoding.coding;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Minimum-l2-norm least-squares solution B = pinv(A) of PROTOCOL.md §2.6 through the SVD, with the explicit rank
 * tolerance {@code max(rows, cols) * eps * sigma_max} (TOOLCHAIN.md: rcond = machine epsilon misjudges nearly
 * rank-deficient matrices). The plain-Java reference that faster backends are compared against.
 */
public final class MinNormSolver {
    private MinNormSolver() {
    }

    /** pinv(A) with its rank and 2-norm condition number (infinite when A is rank-deficient). */
    public record Solution(double[][] pinv, int rank, double condition) {
    }

    /** @param a rows x cols, row-major; the result's pinv is cols x rows */
    public static Solution solve(double[][] a) {
        int rows = a.length;
        int cols = a[0].length;
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, true, true, true);
        if (!svd.decompose(new DMatrixRMaj(a))) {
            throw new ArithmeticException("SVD did not converge for a " + rows + "x" + cols + " matrix");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        double[] sigma = svd.getSingularValues();
        int k = svd.numberOfSingularValues();
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int s = 0; s < k; s++) {
            max = Math.max(max, sigma[s]);
            min = Math.min(min, sigma[s]);
        }
        double tol = Math.max(rows, cols) * Math.ulp(1.0) * max;
        double[][] pinv = new double[cols][rows];
        int rank = 0;
        for (int s = 0; s < k; s++) {
            if (sigma[s] <= tol) {
                continue;
            }
            rank++;
            double inv = 1.0 / sigma[s];
            for (int c = 0; c < cols; c++) {
                double vc = v.get(c, s) * inv;
                if (vc == 0) {
                    continue;
                }
                for (int r = 0; r < rows; r++) {
                    pinv[c][r] += vc * u.get(r, s);
                }
            }
        }
        double condition = rank < k || min == 0 ? Double.POSITIVE_INFINITY : max / min;
        return new Solution(pinv, rank, condition);
    }
}
