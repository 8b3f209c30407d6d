#include "lower/lowering.hpp"

#include <algorithm>

#include "codegen/emitter.hpp"
#include "neo/core/util/error.hpp"

namespace neo::llvm_cpu {
namespace {

const OpSchema& schema_of(const Node& n) {
    const OpSchema* s = OpRegistry::global().find(n);
    check_internal(s != nullptr, "llvm_cpu: no schema for " + n.describe());
    return *s;
}

const LoweringTable& table() {
    static const LoweringTable t = [] {
        LoweringTable t;
        add_elementwise_lowerings(t);
        add_matmul_lowerings(t);
        add_conv_lowerings(t);
        add_pool_lowerings(t);
        add_reduce_lowerings(t);
        add_shape_lowerings(t);
        add_norm_lowerings(t);
        add_loss_lowerings(t);
        add_resize_lowerings(t);
        add_quant_lowerings(t);
        add_attention_lowerings(t);
        add_sampling_lowerings(t);
        add_recurrent_lowerings(t);
        add_linalg_lowerings(t);
        add_select_lowerings(t);
        add_ml_lowerings(t);
        add_data_dependent_lowerings(t);
        return t;
    }();
    return t;
}

}  // namespace

LowerCtx::LowerCtx(const Node& node, const CpuInfo& cpu, const nlohmann::json& schedule,
                   std::string kernel_name, Graph& tables)
    : node_(node), schema_(schema_of(node)), op_(schema_, node), cpu_(cpu), schedule_(schedule),
      tables_(tables) {
    k_.name = std::move(kernel_name);
}

int LowerCtx::arg(const Value* v, const std::string& role) {
    if (auto it = arg_of_.find(v); it != arg_of_.end()) return it->second;
    if (!emittable(v->dtype())) unsupported("element type " + std::string(dtype_name(v->dtype())) + " of " + role);
    const auto b = bounded_.find(v);
    if (b == bounded_.end() && !v->shape().is_static()) unsupported(role + " has the dynamic shape " + v->shape().str());
    int id = k_.add_arg(role, v->dtype(), numel_of(b != bounded_.end() ? b->second : v->shape().static_dims()));
    args_.push_back(v);
    arg_of_[v] = id;
    return id;
}

int LowerCtx::buffer_of(const Value* v) const {
    auto it = arg_of_.find(v);
    return it == arg_of_.end() ? -1 : it->second;
}
int LowerCtx::insert_arg(const Value* v) {
    check_internal(buffer_of(v) < 0 && v->shape().is_static() && emittable(v->dtype()),
                   "llvm_cpu: bad late argument " + v->name());
    const int id = k_.num_args();
    k_.buffers.insert(k_.buffers.begin() + id, kir::Buffer{"epilogue_in", v->dtype(), numel_of(v->shape().static_dims()), false});
    args_.push_back(v);
    arg_of_[v] = id;
    return id;
}
void LowerCtx::rebind(const Value* from, const Value* to) {
    const int id = buffer_of(from);
    check_internal(id >= 0 && buffer_of(to) < 0 && from->dtype() == to->dtype(), "llvm_cpu: bad rebind of " + from->name());
    std::replace(args_.begin(), args_.end(), from, to);
    arg_of_.erase(from);
    arg_of_[to] = id;
}

int LowerCtx::in(std::size_t i) {
    const Value* v = node_.input(i);
    check_internal(v != nullptr, "llvm_cpu: " + node_.describe() + " has no input " + std::to_string(i));
    return arg(v, "in" + std::to_string(i));
}
int LowerCtx::out(std::size_t i) { return arg(node_.output(i), "out" + std::to_string(i)); }
int LowerCtx::out_bounded(std::size_t i, std::vector<int64_t> max_shape) {
    const Value* v = node_.output(i);
    const auto& outs = v->graph()->outputs();
    if (!v->uses().empty() || std::count(outs.begin(), outs.end(), v) != 1)
        unsupported("output " + std::to_string(i) + " has a length that depends on the data; on this target "
                    "it must be a graph output (once) that no other node reads");
    if (v->shape().is_static()) return out(i);
    bounded_[v] = std::move(max_shape);
    return out(i);
}
int LowerCtx::out_dims(std::size_t i) {
    const Value* v = node_.output(i);
    Value* slot = tables_.add_input(tables_.fresh_value_name(k_.name + ".dims"), DType::i64,
                                    Shape(std::vector<Dim>{Dim(static_cast<int64_t>(v->shape().rank()))}));
    dims_args_[slot] = v;
    return arg(slot, "out" + std::to_string(i) + "_dims");
}
int LowerCtx::table(const std::string& name, Tensor t) {
    const Value* v = tables_.add_constant(tables_.fresh_value_name(k_.name + "." + name), std::move(t));
    return arg(v, name);
}
DType LowerCtx::in_dtype(std::size_t i) const { return node_.input(i)->dtype(); }
DType LowerCtx::out_dtype(std::size_t i) const { return node_.output(i)->dtype(); }
std::vector<int64_t> LowerCtx::in_shape(std::size_t i) const {
    const Value* v = node_.input(i);
    if (!v->shape().is_static()) unsupported("input " + std::to_string(i) + " has the dynamic shape " + v->shape().str());
    return v->shape().static_dims();
}
std::vector<int64_t> LowerCtx::out_shape(std::size_t i) const {
    const Value* v = node_.output(i);
    if (!v->shape().is_static()) unsupported("output " + std::to_string(i) + " has the dynamic shape " + v->shape().str());
    return v->shape().static_dims();
}
const Tensor* LowerCtx::constant(std::size_t i) const {
    const Value* v = node_.input(i);
    return v && v->is_constant() ? &v->constant() : nullptr;
}
std::vector<int64_t> LowerCtx::constant_ints(std::size_t i, std::vector<int64_t> fallback) const {
    if (!has_input(i)) return fallback;
    const Tensor* t = constant(i);
    if (!t) unsupported("input " + std::to_string(i) + " ('" + node_.input(i)->name() +
                        "') must be a constant for this target");
    return t->to_int_vector();
}
int64_t LowerCtx::knob(const std::string& name, int64_t fallback) const {
    if (schedule_.is_object() && schedule_.contains(name) && schedule_[name].is_number_integer())
        return schedule_[name].get<int64_t>();
    return fallback;
}
int LowerCtx::lanes(DType t) const {
    const int bytes = static_cast<int>(std::max<std::size_t>(dtype_size(t), 1));
    return std::max(1, cpu_.vector_bits / 8 / bytes);
}

const Lowering* find_lowering(const std::string& op) {
    auto it = table().find(op);
    return it == table().end() ? nullptr : &it->second;
}
std::vector<std::string> lowered_ops() {
    std::vector<std::string> v;
    for (const auto& [name, l] : table()) v.push_back(name);
    return v;
}

AxisSplit split_at_axis(const std::vector<int64_t>& shape, int64_t axis) {
    if (axis < 0) axis += static_cast<int64_t>(shape.size());
    AxisSplit s;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        const auto sd = static_cast<int64_t>(d);
        (sd < axis ? s.outer : sd == axis ? s.n : s.inner) *= shape[d];
    }
    return s;
}

ScheduleSpace parallel_vector_space(const CpuInfo& cpu, int element_bytes) {
    std::vector<nlohmann::json> widths;
    for (int w = 1; w <= cpu.vector_bits / 8 / element_bytes; w *= 2) widths.push_back(w);
    return {{"parallel", {0, 1}}, {"vector_width", widths}};
}

std::vector<int64_t> strides_of(const std::vector<int64_t>& shape) {
    std::vector<int64_t> s(shape.size(), 1);
    for (std::size_t d = shape.size(); d-- > 1;) s[d - 1] = s[d] * shape[d];
    return s;
}
int64_t numel_of(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}
kir::ExprP linear_index(const std::vector<kir::ExprP>& idx, const std::vector<int64_t>& strides) {
    kir::ExprP e = kir::imm(0);
    for (std::size_t d = 0; d < idx.size(); ++d)
        if (strides[d] != 0) e = e + idx[d] * strides[d];
    return e;
}
std::vector<int64_t> broadcast_strides(const std::vector<int64_t>& in_shape,
                                       const std::vector<int64_t>& out_shape) {
    std::vector<int64_t> st(out_shape.size(), 0);
    const auto in_st = strides_of(in_shape);
    const std::size_t off = out_shape.size() - in_shape.size();
    for (std::size_t d = 0; d < in_shape.size(); ++d)
        st[off + d] = in_shape[d] == 1 && out_shape[off + d] != 1 ? 0 : in_st[d];
    for (std::size_t d = 0; d < out_shape.size(); ++d)
        if (out_shape[d] == 1) st[d] = 0;
    return st;
}

kir::StmtP loop_nest(LowerCtx& ctx, const std::vector<int64_t>& shape, bool parallel, int width,
                     const std::function<std::vector<kir::StmtP>(const std::vector<kir::ExprP>&)>& body,
                     const std::string& prefix) {
    std::vector<int> vars;
    std::vector<kir::ExprP> idx;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        if (shape[d] == 1) {
            vars.push_back(-1);
            idx.push_back(kir::imm(0));
        } else {
            vars.push_back(ctx.var(prefix + std::to_string(d)));
            idx.push_back(kir::var(vars.back()));
        }
    }
    std::vector<kir::StmtP> inner = body(idx);
    int innermost = -1, outermost = -1;
    for (std::size_t d = 0; d < shape.size(); ++d)
        if (vars[d] >= 0) {
            if (outermost < 0) outermost = static_cast<int>(d);
            innermost = static_cast<int>(d);
        }
    for (std::size_t d = shape.size(); d-- > 0;) {
        if (vars[d] < 0) continue;
        kir::LoopKind kind = kir::LoopKind::serial;
        int hint = 0;
        if (static_cast<int>(d) == innermost && width > 1) kind = kir::LoopKind::vectorized, hint = width;
        if (static_cast<int>(d) == outermost && parallel && static_cast<int>(d) != innermost)
            kind = kir::LoopKind::parallel, hint = 0;
        inner = {kir::loop(vars[d], shape[d], std::move(inner), kind, hint)};
    }
    return kir::block(std::move(inner));
}

}  // namespace neo::llvm_cpu
