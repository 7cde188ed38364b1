// Fused encode (PROTOCOL.md section 2.6): out[x] = sum_t coeffs[t] * grads[t][offsets[t] + x] for x < valid[t].
// One term t per (chunk i, block k) with a nonzero coefficient; offsets[t] = k * L, valid[t] = how much of that
// block lies inside g_i (the rest is zero padding). Every gradient block is read once and out written once,
// instead of ell * s_j separate AXPY passes over out.
extern "C" __global__ void encode_combine(long long block_length, int terms, const double* const* grads,
                                         const long long* offsets, const long long* valid,
                                         const double* coeffs, double* out) {
    for (long long x = (long long) blockIdx.x * blockDim.x + threadIdx.x; x < block_length;
         x += (long long) blockDim.x * gridDim.x) {
        double acc = 0.0;
        for (int t = 0; t < terms; t++) {
            if (x < valid[t]) {
                acc += coeffs[t] * grads[t][offsets[t] + x];
            }
        }
        out[x] = acc;
    }
}
