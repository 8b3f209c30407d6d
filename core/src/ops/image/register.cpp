#include "ops/common/op_util.hpp"
#include "ops/image/image_ops.hpp"

namespace neo::ops {

void register_image_ops(OpRegistry& r) {
    image::register_topk(r);
    image::register_resize(r);
    image::register_non_max_suppression(r);
    image::register_roi_align(r);
    image::register_grid_sample(r);
    image::register_affine_grid(r);
    image::register_col2im(r);
}

}  // namespace neo::ops
