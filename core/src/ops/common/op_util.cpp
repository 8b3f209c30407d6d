#include "ops/common/op_util.hpp"

#include <algorithm>

namespace neo::ops {

Shape broadcast_shapes(const Shape& a, const Shape& b, const OpContext& ctx) {
    if (!a.ranked() || !b.ranked()) return Shape::unranked();
    std::size_t r = std::max(a.rank(), b.rank());
    std::vector<Dim> out(r);
    for (std::size_t i = 0; i < r; ++i) {
        const Dim one(1);
        const Dim& x = i < r - a.rank() ? one : a[i - (r - a.rank())];
        const Dim& y = i < r - b.rank() ? one : b[i - (r - b.rank())];
        if (x.is_static() && y.is_static()) {
            if (x.value() != y.value() && x.value() != 1 && y.value() != 1)
                ctx.fail("cannot broadcast shapes " + a.str() + " and " + b.str());
            out[i] = x.value() == 1 ? y : x;
        } else if (x.is_static() && x.value() == 1) {
            out[i] = y;
        } else if (y.is_static() && y.value() == 1) {
            out[i] = x;
        } else if (x == y) {
            out[i] = x;  // same symbol
        } else if (x.is_static()) {
            out[i] = x;  // y must be x or 1
        } else if (y.is_static()) {
            out[i] = y;
        } else {
            out[i] = Dim::unknown();
        }
    }
    return Shape(std::move(out));
}

std::vector<int64_t> broadcast_static(const std::vector<int64_t>& a,
                                      const std::vector<int64_t>& b, const OpContext& ctx) {
    std::size_t r = std::max(a.size(), b.size());
    std::vector<int64_t> out(r);
    for (std::size_t i = 0; i < r; ++i) {
        int64_t x = i < r - a.size() ? 1 : a[i - (r - a.size())];
        int64_t y = i < r - b.size() ? 1 : b[i - (r - b.size())];
        if (x != y && x != 1 && y != 1)
            ctx.fail("cannot broadcast shapes " + Shape::from(a).str() + " and " +
                     Shape::from(b).str());
        out[i] = x == 1 ? y : x;
    }
    return out;
}

int64_t normalize_axis(int64_t axis, int64_t rank, const OpContext& ctx) {
    if (axis < -rank || axis >= std::max<int64_t>(rank, 1))
        ctx.fail("axis " + std::to_string(axis) + " is out of range for rank " +
                 std::to_string(rank));
    return axis < 0 ? axis + rank : axis;
}

}  // namespace neo::ops
