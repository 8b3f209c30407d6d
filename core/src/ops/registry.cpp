#include "neo/core/ops/registry.hpp"

#include <algorithm>

#include "neo/core/util/error.hpp"

namespace neo {

// ---- contexts -------------------------------------------------------------------------

const Attribute& OpContext::attr(const std::string& name) const {
    if (node_.has_attr(name)) return node_.attr(name);
    const AttrSpec* spec = schema_.find_attr(name);
    check_internal(spec != nullptr, "op " + schema_.qualified_name() +
                                        " reads attribute '" + name + "' it does not declare");
    if (!spec->default_value)
        fail("required attribute '" + name + "' is missing");
    return *spec->default_value;
}

void OpContext::fail(const std::string& message) const {
    throw UserError(node_.describe() + ": " + message);
}

DType InferContext::input_dtype(std::size_t i) const {
    if (!has_input(i)) fail("input " + std::to_string(i) + " is required but missing");
    return node().input(i)->dtype();
}

const Shape& InferContext::input_shape(std::size_t i) const {
    if (!has_input(i)) fail("input " + std::to_string(i) + " is required but missing");
    return node().input(i)->shape();
}

const Tensor* InferContext::input_constant(std::size_t i) const {
    Value* v = node().input(i);
    return v && v->is_constant() ? &v->constant() : nullptr;
}

void InferContext::set_output(std::size_t i, DType t, Shape s) {
    check_internal(i < mnode_.num_outputs(), node().describe() + ": output index out of range");
    mnode_.output(i)->set_dtype(t);
    mnode_.output(i)->set_shape(std::move(s));
}

const Tensor& ComputeContext::input(std::size_t i) const {
    if (!has_input(i)) fail("input " + std::to_string(i) + " is required but missing");
    return *inputs_[i];
}

void ComputeContext::set_output(std::size_t i, Tensor t) {
    check_internal(i < outputs_.size(), node().describe() + ": output index out of range");
    outputs_[i] = std::move(t);
}

// ---- schema / registry ----------------------------------------------------------------

const AttrSpec* OpSchema::find_attr(std::string_view n) const {
    for (const auto& a : attrs)
        if (a.name == n) return &a;
    return nullptr;
}

OpRegistry& OpRegistry::global() {
    static OpRegistry* r = [] {
        auto* reg = new OpRegistry();
        register_builtin_ops(*reg);
        return reg;
    }();
    return *r;
}

void OpRegistry::add(OpSchema schema) {
    std::string key = schema.qualified_name();
    check_internal(schema.infer && schema.compute,
                   "op " + key + " must have inference and a reference implementation");
    check_internal(ops_.count(key) == 0, "op " + key + " registered twice");
    ops_.emplace(std::move(key), std::move(schema));
}

const OpSchema* OpRegistry::find(std::string_view domain, std::string_view name) const {
    std::string key = domain.empty() ? std::string(name) : std::string(domain) + "." + std::string(name);
    auto it = ops_.find(key);
    return it == ops_.end() ? nullptr : &it->second;
}

std::vector<const OpSchema*> OpRegistry::all() const {
    std::vector<const OpSchema*> out;
    for (const auto& [k, s] : ops_) out.push_back(&s);
    std::sort(out.begin(), out.end(), [](auto* a, auto* b) {
        return a->qualified_name() < b->qualified_name();
    });
    return out;
}

// ---- per-node checks ------------------------------------------------------------------

namespace {
std::string count_range(int lo, int hi) {
    if (hi == kVariadic) return "at least " + std::to_string(lo);
    if (lo == hi) return std::to_string(lo);
    return std::to_string(lo) + " to " + std::to_string(hi);
}
bool type_compatible(AttrType want, AttrType have) {
    if (want == have) return true;
    if (want == AttrType::f && have == AttrType::i) return true;        // 1 for 1.0
    if (want == AttrType::floats && have == AttrType::ints) return true;  // [] or [1, 2]
    return false;
}
}  // namespace

void check_node_against_schema(const OpSchema& s, const Node& n) {
    auto bad = [&](const std::string& m) { throw UserError(n.describe() + ": " + m); };
    int ni = static_cast<int>(n.num_inputs());
    if (ni < s.min_inputs || (s.max_inputs != kVariadic && ni > s.max_inputs))
        bad("has " + std::to_string(ni) + " inputs, " + s.qualified_name() + " takes " +
            count_range(s.min_inputs, s.max_inputs));
    for (int i = 0; i < std::min(ni, s.min_inputs); ++i)
        if (!n.input(static_cast<std::size_t>(i)))
            bad("input " + std::to_string(i) + " is required but missing");
    int no = static_cast<int>(n.num_outputs());
    if (no < s.min_outputs || (s.max_outputs != kVariadic && no > s.max_outputs))
        bad("has " + std::to_string(no) + " outputs, " + s.qualified_name() + " gives " +
            count_range(s.min_outputs, s.max_outputs));
    for (const auto& [name, a] : n.attrs()) {
        const AttrSpec* spec = s.find_attr(name);
        if (!spec) {
            std::string known;
            for (const auto& x : s.attrs) known += (known.empty() ? "" : ", ") + x.name;
            bad("unknown attribute '" + name + "' (" + s.qualified_name() + " has " +
                (known.empty() ? std::string("no attributes") : known) + ")");
        }
        if (!type_compatible(spec->type, a.type()))
            bad("attribute '" + name + "' must be " + std::string(attr_type_name(spec->type)) +
                ", got " + std::string(attr_type_name(a.type())));
    }
    for (const auto& spec : s.attrs)
        if (spec.required && !n.has_attr(spec.name))
            bad("required attribute '" + spec.name + "' is missing");
}

void infer_node(const OpSchema& s, Node& n) {
    InferContext ctx(s, n);
    s.infer(ctx);
}

std::vector<Tensor> compute_node(const OpSchema& s, const Node& n,
                                 const std::vector<const Tensor*>& inputs) {
    std::vector<Tensor> outputs(n.num_outputs());
    ComputeContext ctx(s, n, inputs, outputs);
    s.compute(ctx);
    return outputs;
}

}  // namespace neo
