/**
 * Machinery shared by the backends; not a public API (other modules use {@link io.gcoding.kernels.ComputeBackend}).
 *
 * <p>The model gradients are written ONCE against {@link io.gcoding.kernels.internal.DeviceOps}, a small set of
 * row-major BLAS calls and fused elementwise steps; the CPU backend implements it with OpenBLAS and the CUDA backend
 * with cuBLAS and NVRTC-compiled kernels. So the CPU tests also exercise the orchestration the CUDA backend uses.
 */
package io.gcoding.kernels.internal;
