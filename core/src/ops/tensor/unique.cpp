// Unique: the distinct slices of the input along an axis (or the distinct elements of the
// flattened input), sorted ascending or in order of first occurrence. Outputs: Y the unique
// slices, and optionally (i64) the index of each one's first occurrence, the index into Y of
// every input slice (inverse_indices) and how often each occurs (counts).
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "ops/tensor/tensor_ops.hpp"
#include "ops/tensor/tensor_util.hpp"

namespace neo::ops::tensor_ops {
namespace {

void check_sorted(const OpContext& ctx) {
    int64_t s = ctx.attr_i("sorted");
    if (s != 0 && s != 1) ctx.fail("attribute 'sorted' must be 0 or 1, got " + std::to_string(s));
}

void infer_unique(InferContext& ctx) {
    check_sorted(ctx);
    const Shape& x = ctx.input_shape(0);
    Shape y = unknown_dims(1);
    Dim n_slices = Dim::unknown();
    if (ctx.has_attr("axis")) {
        if (x.ranked()) {
            const auto axis = static_cast<std::size_t>(
                existing_axis(ctx.attr_i("axis"), static_cast<int64_t>(x.rank()), ctx));
            y = x;
            y.dims()[axis] = Dim::unknown();
            n_slices = x[axis];
        } else {
            y = Shape::unranked();
        }
    } else if (x.is_static()) {
        n_slices = Dim(x.numel());
    }
    ctx.set_output(0, ctx.input_dtype(0), std::move(y));
    if (ctx.num_outputs() > 1) ctx.set_output(1, DType::i64, unknown_dims(1));
    if (ctx.num_outputs() > 2) ctx.set_output(2, DType::i64, Shape({n_slices}));
    if (ctx.num_outputs() > 3) ctx.set_output(3, DType::i64, unknown_dims(1));
}

// -1, 0, 1 as slice a compares to slice b (lexicographically over their elements).
template <class T> int compare_elements(const T& a, const T& b) {
    if constexpr (std::is_same_v<T, float16> || std::is_same_v<T, bfloat16>) {
        const float x = static_cast<float>(a), y = static_cast<float>(b);
        return x < y ? -1 : (y < x ? 1 : 0);
    } else if constexpr (is_small_float_v<T> || is_small_int_v<T>) {
        const double x = static_cast<double>(a), y = static_cast<double>(b);
        return x < y ? -1 : (y < x ? 1 : 0);
    } else {
        return a < b ? -1 : (b < a ? 1 : 0);
    }
}

void compute_unique(ComputeContext& ctx) {
    check_sorted(ctx);
    const Tensor& x = ctx.input(0);
    const bool has_axis = ctx.has_attr("axis");
    auto shape = has_axis ? x.shape() : std::vector<int64_t>{x.numel()};
    if (has_axis && shape.empty()) ctx.fail("cannot take unique slices of a scalar along an axis");
    const auto axis = has_axis ? static_cast<std::size_t>(existing_axis(
                                     ctx.attr_i("axis"), static_cast<int64_t>(shape.size()), ctx))
                               : std::size_t{0};
    int64_t outer = 1, inner = 1;
    for (std::size_t d = 0; d < axis; ++d) outer *= shape[d];
    for (std::size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
    const int64_t n = shape[axis];
    // Flat index of element (a, b) of slice s.
    auto flat = [&](int64_t s, int64_t a, int64_t b) { return (a * n + s) * inner + b; };

    // Slice order: ascending by content, ties by position (a stable sort).
    std::vector<int64_t> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::visit(
        [&](const auto& arr) {
            const auto* p = arr.data();
            auto cmp = [&](int64_t s, int64_t t) {
                for (int64_t a = 0; a < outer; ++a)
                    for (int64_t b = 0; b < inner; ++b) {
                        int c = compare_elements(p[flat(s, a, b)], p[flat(t, a, b)]);
                        if (c != 0) return c;
                    }
                return 0;
            };
            std::stable_sort(order.begin(), order.end(),
                             [&](int64_t s, int64_t t) { return cmp(s, t) < 0; });
            // Groups of equal slices: the first of each (in sorted order) is its first
            // occurrence, thanks to the stable sort.
            std::vector<int64_t> group_of(static_cast<std::size_t>(n));
            std::vector<int64_t> first, count;
            for (std::size_t i = 0; i < order.size(); ++i) {
                if (i == 0 || cmp(order[i - 1], order[i]) != 0) {
                    first.push_back(order[i]);
                    count.push_back(0);
                }
                group_of[static_cast<std::size_t>(order[i])] =
                    static_cast<int64_t>(first.size()) - 1;
                ++count.back();
            }
            // Output position of each group: sorted order, or order of first occurrence.
            const auto g = static_cast<int64_t>(first.size());
            std::vector<int64_t> rank(static_cast<std::size_t>(g));
            std::iota(rank.begin(), rank.end(), 0);
            if (ctx.attr_i("sorted") == 0) {
                std::vector<int64_t> by_first(rank);
                std::sort(by_first.begin(), by_first.end(), [&](int64_t u, int64_t v) {
                    return first[static_cast<std::size_t>(u)] < first[static_cast<std::size_t>(v)];
                });
                for (int64_t i = 0; i < g; ++i) rank[static_cast<std::size_t>(by_first[static_cast<std::size_t>(i)])] = i;
            }
            std::vector<int64_t> indices(static_cast<std::size_t>(g)), counts(indices.size());
            for (int64_t k = 0; k < g; ++k) {
                const auto r = static_cast<std::size_t>(rank[static_cast<std::size_t>(k)]);
                indices[r] = first[static_cast<std::size_t>(k)];
                counts[r] = count[static_cast<std::size_t>(k)];
            }
            std::vector<int64_t> inverse(static_cast<std::size_t>(n));
            for (int64_t s = 0; s < n; ++s)
                inverse[static_cast<std::size_t>(s)] =
                    rank[static_cast<std::size_t>(group_of[static_cast<std::size_t>(s)])];
            auto y_shape = shape;
            y_shape[axis] = g;
            std::vector<int64_t> src;
            src.reserve(static_cast<std::size_t>(numel_of(y_shape)));
            for (int64_t a = 0; a < outer; ++a)
                for (int64_t s : indices)
                    for (int64_t b = 0; b < inner; ++b) src.push_back(flat(s, a, b));
            ctx.set_output(0, gather_flat(x, y_shape, src));
            if (ctx.num_outputs() > 1) ctx.set_output(1, Tensor::from_vector<int64_t>({g}, indices));
            if (ctx.num_outputs() > 2) ctx.set_output(2, Tensor::from_vector<int64_t>({n}, inverse));
            if (ctx.num_outputs() > 3) ctx.set_output(3, Tensor::from_vector<int64_t>({g}, counts));
        },
        x.storage());
}

}  // namespace

void register_unique_ops(OpRegistry& r) {
    r.add(make_schema(
        "Unique", 1, 1, 1, 4,
        {optional_attr("axis", AttrType::i,
                       "the axis whose slices are compared (default: the flattened input)"),
         attr_with_default("sorted", int64_t{1},
                           "1: ascending order, 0: order of first occurrence")},
        infer_unique, compute_unique,
        "The unique slices (or elements) of the input, with optional first-occurrence "
        "indices, inverse indices and counts."));
}

}  // namespace neo::ops::tensor_ops
