// ReLU layers of the MLP gradient (grid-stride loops over all elements of a row-major rows x width matrix).

// Forward: h = max(h + bias[column], 0) in place, after the GEMM that produced h = A W.
extern "C" __global__ void add_bias_relu(long long count, int width, double* h, const double* bias) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < count;
         i += (long long) blockDim.x * gridDim.x) {
        h[i] = fmax(h[i] + bias[i % width], 0.0);
    }
}

// Backward: g = g * [h > 0], h being the layer's post-ReLU activations (derivative 0 at the kink).
extern "C" __global__ void relu_backward(long long count, double* g, const double* h) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < count;
         i += (long long) blockDim.x * gridDim.x) {
        g[i] = h[i] > 0.0 ? g[i] : 0.0;
    }
}
