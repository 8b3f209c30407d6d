#pragma once
// Op lowerings: each turns one graph node into a kir::Kernel whose loop nest follows a
// schedule. A schedule is a JSON object of knob values; knobs a lowering reads are
// declared in its ScheduleSpace (schedule_space()), with defaults chosen from the CPU.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codegen/machine.hpp"
#include "kir/kir.hpp"
#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"
#include "neo/core/ops/registry.hpp"
#include "neo/sdk/target.hpp"

namespace neo::llvm_cpu {

// Thrown by a lowering for a node it cannot handle (a dtype, an attribute value).
// The build collects every such node and reports them all at once.
struct Unsupported {
    std::string reason;
};

// Builds one kernel for one node. Arguments are the node's tensors the kernel reads or
// writes, in the order the lowering first asks for them (in()/out()).
class LowerCtx {
public:
    // `tables` holds the constants a lowering makes (lookup tables); it outlives the build.
    LowerCtx(const Node& node, const CpuInfo& cpu, const nlohmann::json& schedule,
             std::string kernel_name, Graph& tables);

    const Node& node() const { return node_; }
    const OpContext& op() const { return op_; }
    const CpuInfo& cpu() const { return cpu_; }
    kir::Kernel& kernel() { return k_; }

    bool has_input(std::size_t i) const { return node_.input(i) != nullptr; }
    // Buffer id of input/output i (added as an argument on first use).
    int in(std::size_t i);
    int out(std::size_t i);
    // An output whose length depends on the data (NonZero, NonMaxSuppression): its buffer
    // holds `max_shape` elements, and the kernel stores the actual dims (i64, one per dim)
    // in the buffer out_dims(i) and the elements, row-major for those dims, at the start.
    // Only a graph output that no other node reads can be one.
    int out_bounded(std::size_t i, std::vector<int64_t> max_shape);
    int out_dims(std::size_t i);
    // Outputs made by out_bounded() and their largest shapes.
    const std::map<const Value*, std::vector<int64_t>>& bounded() const { return bounded_; }
    // The out_dims() arguments: a placeholder value (in the tables graph) -> its output.
    const std::map<const Value*, const Value*>& dims_args() const { return dims_args_; }
    // Buffer id of a constant table the kernel reads (it goes to model.params).
    int table(const std::string& name, Tensor t);
    DType in_dtype(std::size_t i) const;
    DType out_dtype(std::size_t i) const;
    std::vector<int64_t> in_shape(std::size_t i) const;
    std::vector<int64_t> out_shape(std::size_t i) const;
    // The input's value when it is a constant, else nullptr.
    const Tensor* constant(std::size_t i) const;
    // A constant input's values as int64 (an omitted input gives `fallback`); throws
    // Unsupported when the input is computed at run time.
    std::vector<int64_t> constant_ints(std::size_t i, std::vector<int64_t> fallback = {}) const;

    int var(const std::string& name) { return k_.new_var(name); }
    // A knob's value from the schedule, else `fallback`.
    int64_t knob(const std::string& name, int64_t fallback) const;
    // Float vector lanes the CPU has for `t` (at least 1).
    int lanes(DType t) const;

    [[noreturn]] void unsupported(const std::string& reason) const { throw Unsupported{reason}; }

    // Whether the pointwise chain planned after the node (epilogue.hpp) computes
    // transcendental functions (a sigmoid, exp, tanh, ...): a kernel that holds many values in
    // registers while it stores (the depthwise kernel's tap weights) then stores a row to a
    // local buffer first and writes it out in a loop of its own, where the chain is applied.
    bool costly_epilogue() const { return costly_epilogue_; }
    void set_costly_epilogue(bool costly) { costly_epilogue_ = costly; }

    // The graph values of the kernel's arguments, in argument order.
    const std::vector<const Value*>& args() const { return args_; }

    // For epilogue fusion (epilogue.hpp), after lowering: the argument buffer of a value (-1
    // when the kernel has none); a new argument for a value, inserted after the arguments and
    // before the locals, whose ids grow by one (the caller renumbers them in the body); and
    // moving an argument from one value to another of the same dtype and size.
    int buffer_of(const Value* v) const;
    int insert_arg(const Value* v);
    void rebind(const Value* from, const Value* to);

private:
    int arg(const Value* v, const std::string& role);
    const Node& node_;
    const OpSchema& schema_;
    OpContext op_;
    const CpuInfo& cpu_;
    const nlohmann::json& schedule_;
    Graph& tables_;
    kir::Kernel k_;
    std::vector<const Value*> args_;
    std::map<const Value*, int> arg_of_;
    std::map<const Value*, std::vector<int64_t>> bounded_;
    std::map<const Value*, const Value*> dims_args_;
    bool costly_epilogue_ = false;
};

struct Lowering {
    std::function<void(LowerCtx&)> lower;  // fills ctx.kernel().body
    // The knobs the lowering reads and their candidate values for this node.
    std::function<ScheduleSpace(const nlohmann::json& workload, const CpuInfo&)> space;
};

// The lowering of an op (Node::qualified_op(): "Conv", "ai.onnx.ml.TreeEnsemble"), or nullptr.
const Lowering* find_lowering(const std::string& op);
std::vector<std::string> lowered_ops();

// Registration, one call per op family file.
using LoweringTable = std::map<std::string, Lowering>;
void add_elementwise_lowerings(LoweringTable& t);
void add_matmul_lowerings(LoweringTable& t);
void add_conv_lowerings(LoweringTable& t);
void add_pool_lowerings(LoweringTable& t);
void add_reduce_lowerings(LoweringTable& t);
void add_shape_lowerings(LoweringTable& t);
void add_norm_lowerings(LoweringTable& t);
void add_loss_lowerings(LoweringTable& t);
void add_resize_lowerings(LoweringTable& t);
void add_quant_lowerings(LoweringTable& t);
void add_attention_lowerings(LoweringTable& t);
void add_sampling_lowerings(LoweringTable& t);
void add_recurrent_lowerings(LoweringTable& t);
void add_linalg_lowerings(LoweringTable& t);
void add_select_lowerings(LoweringTable& t);
void add_ml_lowerings(LoweringTable& t);
void add_data_dependent_lowerings(LoweringTable& t);

// Shared loop-nest helpers.
// Value arithmetic (both operands of one type; no folding, unlike kir's index operators).
inline kir::ExprP add(kir::ExprP a, kir::ExprP b) { return kir::binary(kir::Op::Add, std::move(a), std::move(b)); }
inline kir::ExprP sub(kir::ExprP a, kir::ExprP b) { return kir::binary(kir::Op::Sub, std::move(a), std::move(b)); }
inline kir::ExprP mul(kir::ExprP a, kir::ExprP b) { return kir::binary(kir::Op::Mul, std::move(a), std::move(b)); }
inline kir::ExprP div(kir::ExprP a, kir::ExprP b) { return kir::binary(kir::Op::Div, std::move(a), std::move(b)); }

// A shape split around one axis (negative counts from the end): the elements before it,
// along it and after it.
struct AxisSplit {
    int64_t outer = 1, n = 1, inner = 1;
};
AxisSplit split_at_axis(const std::vector<int64_t>& shape, int64_t axis);
// The "parallel" and "vector_width" knobs (widths 1, 2, 4, ... up to the register's lanes of
// `element_bytes`-byte elements).
ScheduleSpace parallel_vector_space(const CpuInfo& cpu, int element_bytes);
// Row-major strides of a shape.
std::vector<int64_t> strides_of(const std::vector<int64_t>& shape);
int64_t numel_of(const std::vector<int64_t>& shape);
// sum(idx[d] * stride[d]) over the dims where the stride is not 0.
kir::ExprP linear_index(const std::vector<kir::ExprP>& idx, const std::vector<int64_t>& strides);
// Strides for reading `in_shape` broadcast (numpy rules) to `out_shape`: 0 on broadcast dims.
std::vector<int64_t> broadcast_strides(const std::vector<int64_t>& in_shape,
                                       const std::vector<int64_t>& out_shape);
// A loop nest over `shape` (outermost first): one variable per dim; the outermost dim
// with extent > 1 runs in parallel when `parallel`, the innermost is vectorized with
// `width` lanes. `body(vars)` builds the innermost statements.
kir::StmtP loop_nest(LowerCtx& ctx, const std::vector<int64_t>& shape, bool parallel, int width,
                     const std::function<std::vector<kir::StmtP>(const std::vector<kir::ExprP>&)>& body,
                     const std::string& prefix = "i");

}  // namespace neo::llvm_cpu
