/* The CVflow kernels that the amba_cv22 target offloads to: the kernel interface between
 * the code neo generates for the Cortex-A53 cores of an Ambarella CV22 and this device
 * library. Each is a neo offload kernel (neo/runtime/offload.h) returning 0 or a
 * CV22_E_* status.
 *
 * On a camera these functions queue the work on the CVflow vector processor through
 * Ambarella's driver. This sample has no camera: device/cvflow_kernels.c EMULATES CVflow
 * on the A53 cores, in CVflow's order (blocks of output channels, each block one job), so
 * that the plugin's offload decisions, the interface, the linking and the runtime are
 * exercised as on a device.
 *
 * cv22_cvflow_conv2d: 2-D convolution, float32, NCHW, any group count and dilation.
 *   inputs:  X [N, C, H, W], W [M, C/group, KH, KW], optional B [M] (absent: data NULL)
 *   outputs: Y [N, M, OH, OW]
 *   ints:    group, stride_h, stride_w, pad_top, pad_left, dilation_h, dilation_w,
 *            channels_per_job (0: all output channels of a group in one job)
 *
 * cv22_cvflow_dense: fully connected layer (ONNX Gemm without transA), float32.
 *   inputs:  A [M, K], B [K, N] (or [N, K] with trans_b), optional C of rank 0 to 2 that
 *            broadcasts to [M, N] ([], [1], [N], [1, N], [M, 1], [M, N])
 *   outputs: Y [M, N] = alpha * A * op(B) + beta * C
 *   ints:    trans_b          floats: alpha, beta */
#ifndef CV22_ACCEL_H
#define CV22_ACCEL_H

#include <stdint.h>

#include "neo/runtime/offload.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CV22_E_ABI 1
#define CV22_E_CALL 2

#define CV22_CONV_INTS 8
#define CV22_DENSE_INTS 1
#define CV22_DENSE_FLOATS 2

int32_t cv22_cvflow_conv2d(const neo_offload_call* call);
int32_t cv22_cvflow_dense(const neo_offload_call* call);

#ifdef __cplusplus
}
#endif

#endif /* CV22_ACCEL_H */
