/* The AM57x accelerator kernels that the sitara_am57x target offloads to (the kernel
 * interface between the code neo generates for the Cortex-A15 cores and this device
 * library). Each is a neo offload kernel (neo/runtime/offload.h):
 *
 *     int32_t name(const neo_offload_call* call);   returns 0, or an AM57X_E_* status
 *
 * On a board these functions hand the work to the EVE vision engines through TI's
 * runtime. This sample has no board: device/eve_kernels.c EMULATES the EVE on the ARM
 * cores, with the EVE's processing order (output rows in tiles, one tile at a time per
 * output channel), so that everything else — the plugin's offload decisions, the kernel
 * interface, the linking, the runtime — is exercised as on a device.
 *
 * am57x_eve_conv2d: 2-D convolution, float32, NCHW, one group, no dilation.
 *   inputs:  X [N, C, H, W], W [M, C, KH, KW], optional B [M] (absent: data NULL)
 *   outputs: Y [N, M, OH, OW]
 *   ints:    stride_h, stride_w, pad_top, pad_left, rows_per_tile (0: the whole plane)
 *
 * am57x_eve_maxpool2d: 2-D max pooling, float32, NCHW, no dilation; padding never wins.
 *   inputs:  X [N, C, H, W]          outputs: Y [N, C, OH, OW]
 *   ints:    kernel_h, kernel_w, stride_h, stride_w, pad_top, pad_left
 *
 * The output shape (OH, OW) comes from Y, so ceil_mode and bottom/right padding are the
 * plugin's business. */
#ifndef AM57X_ACCEL_H
#define AM57X_ACCEL_H

#include <stdint.h>

#include "neo/runtime/offload.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AM57X_E_ABI 1   /* a call of another NEO_OFFLOAD_ABI_VERSION */
#define AM57X_E_CALL 2  /* tensors or parameters not as documented above */

#define AM57X_CONV_INTS 5
#define AM57X_POOL_INTS 6

int32_t am57x_eve_conv2d(const neo_offload_call* call);
int32_t am57x_eve_maxpool2d(const neo_offload_call* call);

#ifdef __cplusplus
}
#endif

#endif /* AM57X_ACCEL_H */
