#include "lower/window.hpp"

namespace neo::llvm_cpu {

std::vector<WindowAxis> window_axes(LowerCtx& c, const std::vector<int64_t>& kernel) {
    return window_axes(c, kernel, c.in_shape(0), c.out_shape(0));
}

std::vector<WindowAxis> window_axes(LowerCtx& c, const std::vector<int64_t>& kernel, const std::vector<int64_t>& xs,
                                    const std::vector<int64_t>& ys) {
    const std::size_t r = kernel.size();
    if (xs.size() != r + 2 || ys.size() != r + 2) c.unsupported("input rank does not match the kernel");
    auto ints = [&](const char* name, int64_t fill, std::size_t count) {
        std::vector<int64_t> v;
        if (c.op().schema().find_attr(name)) v = c.op().attr_ints(name);
        if (v.empty()) v.assign(count, fill);
        if (v.size() != count) c.unsupported(std::string("attribute ") + name + " has the wrong length");
        return v;
    };
    const auto strides = ints("strides", 1, r), dil = ints("dilations", 1, r);
    const auto pads = ints("pads", 0, 2 * r);
    const std::string auto_pad = c.op().attr_s("auto_pad");
    std::vector<WindowAxis> axes(r);
    for (std::size_t i = 0; i < r; ++i) {
        WindowAxis& a = axes[i];
        a.in = xs[i + 2], a.out = ys[i + 2], a.kernel = kernel[i], a.stride = strides[i], a.dilation = dil[i];
        const int64_t eff = (a.kernel - 1) * a.dilation + 1;
        if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
            const int64_t total = std::max<int64_t>(0, (a.out - 1) * a.stride + eff - a.in);
            const int64_t small = total / 2;
            a.pad_begin = auto_pad == "SAME_UPPER" ? small : total - small;
            a.pad_end = total - a.pad_begin;
        } else if (auto_pad != "VALID") {
            a.pad_begin = pads[i];
            a.pad_end = pads[i + r];
        }
    }
    return axes;
}

kir::ExprP ceildiv(const kir::ExprP& a, int64_t b) { return kir::floordiv(a + (b - 1), b); }

std::pair<kir::ExprP, kir::ExprP> outputs_for_tap(const WindowAxis& a, const kir::ExprP& k) {
    // o*s - p + k*d in [0, in)
    kir::ExprP base = kir::imm(a.pad_begin) - k * a.dilation;  // p - k*d
    kir::ExprP lo = kir::max(kir::imm(0), ceildiv(base, a.stride));
    kir::ExprP hi = kir::min(kir::imm(a.out), kir::floordiv(base + (a.in - 1), a.stride) + 1);
    return {lo, hi};
}

std::pair<kir::ExprP, kir::ExprP> taps_for_output(const WindowAxis& a, const kir::ExprP& o) {
    kir::ExprP base = kir::imm(a.pad_begin) - o * a.stride;  // p - o*s
    kir::ExprP lo = kir::max(kir::imm(0), ceildiv(base, a.dilation));
    kir::ExprP hi = kir::min(kir::imm(a.kernel), kir::floordiv(base + (a.in - 1), a.dilation) + 1);
    return {lo, hi};
}

kir::ExprP padded_taps(const WindowAxis& a, const kir::ExprP& o) {
    kir::ExprP lim = kir::imm(a.in + a.pad_end + a.pad_begin) - o * a.stride;
    return kir::max(kir::imm(0), kir::min(kir::imm(a.kernel), ceildiv(lim, a.dilation)));
}

}  // namespace neo::llvm_cpu
