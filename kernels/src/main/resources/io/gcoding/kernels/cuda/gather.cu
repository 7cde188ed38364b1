// Mini-batch gather: dst[i][:] = src[rows[i]][:] for a row-major matrix with cols columns, so that the batch's
// GEMMs run on a contiguous matrix. Labels use the same kernel with cols = 1.
extern "C" __global__ void gather_rows(int n, int cols, const double* src, const int* rows, double* dst) {
    long long total = (long long) n * cols;
    for (long long idx = (long long) blockIdx.x * blockDim.x + threadIdx.x; idx < total;
         idx += (long long) blockDim.x * gridDim.x) {
        long long r = idx / cols;
        long long c = idx - r * cols;
        dst[idx] = src[(long long) rows[r] * cols + c];
    }
}
