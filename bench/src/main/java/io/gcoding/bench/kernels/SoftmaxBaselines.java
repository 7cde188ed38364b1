package io.gcoding.bench.kernels;

import io.gcoding.data.HostChunk;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The SOFTMAX gradient (summed cross-entropy, flat layout W then b) written two more ways, as baselines for the
 * OpenBLAS backend: with EJML's dense matrix products, and with plain Java loops (cache-friendly i-j-c order, the
 * way one would write it by hand). Both return the loss and write the gradient.
 */
public final class SoftmaxBaselines {

    private SoftmaxBaselines() {
    }

    /** EJML: Z = X W, then the softmax residual in place, then dW = X^T G and db = column sums of G. */
    public static double ejml(DMatrixRMaj x, double[] labels, double[] params, int classes, double[] grad) {
        int p = x.numCols;
        DMatrixRMaj w = DMatrixRMaj.wrap(p, classes, params); // first p * classes entries are W, row-major
        DMatrixRMaj z = new DMatrixRMaj(x.numRows, classes);
        CommonOps_DDRM.mult(x, w, z);
        double loss = softmaxResidual(z.data, labels, params, p * classes, x.numRows, classes);
        DMatrixRMaj dw = new DMatrixRMaj(p, classes);
        CommonOps_DDRM.multTransA(x, z, dw);
        System.arraycopy(dw.data, 0, grad, 0, p * classes);
        columnSums(z.data, x.numRows, classes, grad, p * classes);
        return loss;
    }

    /** Plain loops over the row-major feature array. */
    public static double loops(HostChunk chunk, double[] params, int classes, double[] grad) {
        int n = chunk.rows();
        int p = chunk.cols();
        double[] x = chunk.features();
        double[] z = new double[n * classes];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                double xij = x[i * p + j];
                for (int c = 0; c < classes; c++) {
                    z[i * classes + c] += xij * params[j * classes + c];
                }
            }
        }
        double loss = softmaxResidual(z, chunk.labels(), params, p * classes, n, classes);
        java.util.Arrays.fill(grad, 0.0);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                double xij = x[i * p + j];
                for (int c = 0; c < classes; c++) {
                    grad[j * classes + c] += xij * z[i * classes + c];
                }
            }
        }
        columnSums(z, n, classes, grad, p * classes);
        return loss;
    }

    /** Adds the bias, replaces z by softmax - onehot, returns the summed cross-entropy (log-sum-exp form). */
    private static double softmaxResidual(double[] z, double[] labels, double[] params, int biasAt, int n,
            int classes) {
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int base = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                z[base + c] += params[biasAt + c];
                max = Math.max(max, z[base + c]);
            }
            int label = (int) labels[i];
            double shifted = z[base + label] - max;
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                z[base + c] = Math.exp(z[base + c] - max);
                sum += z[base + c];
            }
            loss += Math.log(sum) - shifted;
            for (int c = 0; c < classes; c++) {
                z[base + c] /= sum;
            }
            z[base + label] -= 1.0;
        }
        return loss;
    }

    private static void columnSums(double[] g, int n, int classes, double[] grad, int at) {
        for (int c = 0; c < classes; c++) {
            grad[at + c] = 0;
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < classes; c++) {
                grad[at + c] += g[i * classes + c];
            }
        }
    }
}
