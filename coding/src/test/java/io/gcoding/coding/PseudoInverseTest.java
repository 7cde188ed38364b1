package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one min-norm solver (what workers encode with): B = pinv(A) checked against the four Penrose conditions for
 * every shape the protocol uses, and the rank tolerance on a nearly rank-deficient matrix. 1e-12 relative.
 */
class PseudoInverseTest {

    private static final double TOLERANCE = 1e-12;

    static double[][] randomMatrix(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return m;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /** ||a - b||_F / ||b||_F (or ||a||_F when b is zero). */
    static double relativeError(double[][] a, double[][] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                diff += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
                norm += b[i][j] * b[i][j];
            }
        }
        return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
    }

    /** The four Penrose conditions define pinv(A) uniquely. */
    static void assertPseudoInverse(double[][] a, double[][] b) {
        assertEquals(a[0].length, b.length, "B must be r x ell");
        double[][] ab = multiply(a, b);
        double[][] ba = multiply(b, a);
        assertTrue(relativeError(multiply(ab, a), a) <= TOLERANCE, "ABA = A");
        assertTrue(relativeError(multiply(ba, b), b) <= TOLERANCE, "BAB = B");
        assertTrue(relativeError(transpose(ab), ab) <= TOLERANCE, "AB symmetric");
        assertTrue(relativeError(transpose(ba), ba) <= TOLERANCE, "BA symmetric");
    }

    @Test
    void pinvSatisfiesThePenroseConditionsForEveryShape() {
        long seed = 100;
        for (int ell = 1; ell <= 4; ell++) {
            for (int r = 1; r <= 10; r++) {
                assertPseudoInverse(randomMatrix(ell, r, seed), MinNormSolver.solve(randomMatrix(ell, r, seed)).pinv());
                seed++;
            }
        }
        double[][] dependent = randomMatrix(3, 6, seed);
        dependent[2] = dependent[0].clone();
        MinNormSolver.Solution solution = MinNormSolver.solve(dependent);
        assertPseudoInverse(dependent, solution.pinv());
        assertEquals(2, solution.rank());
        assertEquals(Double.POSITIVE_INFINITY, solution.condition());
        assertEquals(0.0, relativeError(MinNormSolver.solve(new double[2][5]).pinv(), new double[5][2]), "pinv(0) = 0");
    }

    @Test
    void fullRowRankSolveInvertsExactly() {
        double[][] a = randomMatrix(3, 7, 55);
        double[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        assertTrue(relativeError(multiply(a, MinNormSolver.solve(a).pinv()), identity) <= TOLERANCE);
    }

    @Test
    void nearlyDependentRowsAreTreatedAsRankDeficient() {
        // Row 2 equals row 1 up to 1e-17 relative, below max(rows, cols) * eps * sigma_max: rank 1, and the
        // solution is pinv of the rank-1 matrix u v^T, i.e. v u^T / (|u|^2 |v|^2), not a huge inverse.
        double[][] a = {{1.0, 2.0, 3.0}, {1.0, 2.0, 3.0 * (1 + 1e-17)}};
        MinNormSolver.Solution solution = MinNormSolver.solve(a);
        double scale = 2.0 * 14.0; // |u|^2 = 2, |v|^2 = 14
        double[][] expected = {{1 / scale, 1 / scale}, {2 / scale, 2 / scale}, {3 / scale, 3 / scale}};
        assertEquals(1, solution.rank());
        assertTrue(relativeError(solution.pinv(), expected) <= TOLERANCE);
    }
}
