// Fused loss steps of the CUDA backend, one thread per row (grid-stride). Each writes the residual that the
// backward GEMM/GEMV needs and the row's loss; the host sums row_loss with one cuBLAS dot against a ones vector.
// Same arithmetic as io.gcoding.kernels.cpu.Elementwise, in the same numerically stable forms.
// Compiled at run time by NVRTC (no headers: only CUDA built-ins); the test suite also checks it with nvcc.
// z and the output may alias (in-place), so no __restrict__.

extern "C" __global__ void linear_residual(int n, const double* z, const double* bias, const double* y,
                                          double* r, double* row_loss) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        double v = z[i] + bias[0] - y[i];
        r[i] = v;
        row_loss[i] = 0.5 * v * v;
    }
}

// r = sigmoid(t) - y and loss = softplus(t) - y t with t = z + b; exp(-|t|) never overflows.
extern "C" __global__ void logistic_residual(int n, const double* z, const double* bias, const double* y,
                                            double* r, double* row_loss) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        double t = z[i] + bias[0];
        double e = exp(-fabs(t));
        double sigmoid = t >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        row_loss[i] = fmax(t, 0.0) + log1p(e) - y[i] * t;
        r[i] = sigmoid - y[i];
    }
}

// Per row of the n x k logits: t = z + b, g = softmax(t) - onehot(y), loss = logsumexp(t) - t[y].
// The max is subtracted before exp; t[y] - max is taken directly so the loss stays finite when exp underflows.
extern "C" __global__ void softmax_minus_one_hot(int n, int k, const double* z, const double* bias,
                                                const double* y, double* g, double* row_loss) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        const double* zr = z + (size_t) i * k;
        double* gr = g + (size_t) i * k;
        double m = zr[0] + bias[0];  // NVRTC has no math.h, hence no INFINITY: start from the first logit
        for (int c = 1; c < k; c++) {
            m = fmax(m, zr[c] + bias[c]);
        }
        double sum = 0.0;
        for (int c = 0; c < k; c++) {
            sum += exp(zr[c] + bias[c] - m);
        }
        int label = (int) y[i];
        row_loss[i] = log(sum) - (zr[label] + bias[label] - m);
        double inv = 1.0 / sum;
        for (int c = 0; c < k; c++) {
            double p = exp(zr[c] + bias[c] - m) * inv;
            gr[c] = c == label ? p - 1.0 : p;
        }
    }
}
