#include "ops/common/op_util.hpp"
#include "ops/norm/norm_ops.hpp"

namespace neo::ops {

void register_norm_ops(OpRegistry& r) {
    norm::register_lrn(r);
    norm::register_lp_normalization(r);
    norm::register_mean_variance_norm(r);
    norm::register_group_norm(r);
    norm::register_rms_norm(r);
}

}  // namespace neo::ops
