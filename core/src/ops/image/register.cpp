#include "ops/common/op_util.hpp"
#include "ops/image/image_ops.hpp"

namespace neo::ops {

void register_image_ops(OpRegistry& r) {
    image::register_topk(r);
    image::register_resize(r);
}

}  // namespace neo::ops
