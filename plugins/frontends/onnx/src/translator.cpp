#include "translator.hpp"

#include <algorithm>

#include "neo/core/util/error.hpp"
#include "ops/families.hpp"

namespace neo::onnxfe {

// ---- NodeContext -------------------------------------------------------------------

std::string NodeContext::describe() const { return describe_node(info_); }

std::string describe_node(const NodeInfo& info) {
    std::string op = info.domain.empty() ? info.op_type : info.domain + "." + info.op_type;
    std::string s = info.name.empty() ? "unnamed node" : "node '" + info.name + "'";
    s += " (" + op;
    if (info.opset > 0) s += ", opset " + std::to_string(info.opset);
    if (info.name.empty()) {
        auto it = std::find_if(info.output_names.begin(), info.output_names.end(),
                               [](const std::string& n) { return !n.empty(); });
        if (it != info.output_names.end()) s += ", output '" + *it + "'";
    }
    return s + ")";
}

void NodeContext::fail(const std::string& message) const {
    throw UserError(describe() + ": " + message);
}

Value* NodeContext::required_input(std::size_t i) const {
    Value* v = input(i);
    if (!v) fail("input " + std::to_string(i) + " is required but the model omits it");
    return v;
}

std::optional<std::size_t> NodeContext::rank_of(const Value* v) {
    if (!v || !v->shape().ranked()) return std::nullopt;
    return v->shape().rank();
}

const Tensor* NodeContext::constant_of(const Value* v) {
    return v && v->is_constant() ? &v->constant() : nullptr;
}

namespace {
std::string kind_of(const Attribute& a) { return std::string(attr_type_name(a.type())); }
}  // namespace

int64_t NodeContext::attr_i(const std::string& name, int64_t def) const {
    auto it = info_.attrs.find(name);
    if (it == info_.attrs.end()) return def;
    if (it->second.type() != AttrType::i)
        fail("attribute '" + name + "' must be an int, not " + kind_of(it->second));
    return it->second.i();
}

double NodeContext::attr_f(const std::string& name, double def) const {
    auto it = info_.attrs.find(name);
    if (it == info_.attrs.end()) return def;
    if (it->second.type() != AttrType::f && it->second.type() != AttrType::i)
        fail("attribute '" + name + "' must be a float, not " + kind_of(it->second));
    return it->second.f();
}

std::string NodeContext::attr_s(const std::string& name, const std::string& def) const {
    auto it = info_.attrs.find(name);
    if (it == info_.attrs.end()) return def;
    if (it->second.type() != AttrType::s)
        fail("attribute '" + name + "' must be a string, not " + kind_of(it->second));
    return it->second.s();
}

std::optional<std::vector<int64_t>> NodeContext::attr_ints(const std::string& name) const {
    auto it = info_.attrs.find(name);
    if (it == info_.attrs.end()) return std::nullopt;
    if (it->second.type() != AttrType::ints)
        fail("attribute '" + name + "' must be a list of ints, not " + kind_of(it->second));
    return it->second.ints();
}

std::optional<std::vector<double>> NodeContext::attr_floats(const std::string& name) const {
    auto it = info_.attrs.find(name);
    if (it == info_.attrs.end()) return std::nullopt;
    if (it->second.type() != AttrType::floats && it->second.type() != AttrType::ints)
        fail("attribute '" + name + "' must be a list of floats, not " + kind_of(it->second));
    return it->second.floats();
}

Attributes NodeContext::attrs_without(std::initializer_list<std::string_view> drop) const {
    Attributes out = info_.attrs;
    for (std::string_view d : drop) out.erase(std::string(d));
    return out;
}

Node* NodeContext::make(const std::string& op, std::vector<Value*> inputs, Attributes attrs,
                        std::size_t num_outputs, const std::string& domain) {
    std::string base = info_.neo_name + "/" + op;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < num_outputs; ++i) names.push_back(fresh_(base));
    Node* n = graph_.add_node(op, std::move(inputs), std::move(names), std::move(attrs), base);
    n->set_domain(domain);
    made_.push_back(n);
    return n;
}

Value* NodeContext::constant(Tensor t, const std::string& hint) {
    return graph_.add_constant(fresh_(info_.neo_name + "/" + hint), std::move(t));
}

Value* NodeContext::const_i64(const std::vector<int64_t>& values, const std::string& hint) {
    return constant(Tensor::from_vector<int64_t>({static_cast<int64_t>(values.size())}, values),
                    hint);
}

Value* NodeContext::const_f32(const std::vector<float>& values, const std::string& hint) {
    return constant(Tensor::from_vector<float>({static_cast<int64_t>(values.size())}, values),
                    hint);
}

Value* NodeContext::const_scalar(DType t, double v, const std::string& hint) {
    return constant(Tensor::from_vector<double>({}, {v}).cast(t), hint);
}

// ---- TranslatorRegistry --------------------------------------------------------------

void TranslatorRegistry::add(const std::string& domain, const std::string& op_type,
                             int64_t since, int64_t until, TranslateFn fn) {
    check_internal(since >= 1 && since <= until, "ONNX translator " + op_type + ": bad range");
    auto& list = by_op_[{domain, op_type}];
    for (const Translator& t : list)
        check_internal(until < t.since || since > t.until,
                       "ONNX translator " + op_type + ": opset ranges overlap");
    list.push_back(Translator{domain, op_type, since, until, std::move(fn)});
    std::sort(list.begin(), list.end(),
              [](const Translator& a, const Translator& b) { return a.since < b.since; });
}

void TranslatorRegistry::add_all(const std::string& domain,
                                 std::initializer_list<std::string_view> op_types,
                                 int64_t since, int64_t until, const TranslateFn& fn) {
    for (std::string_view op : op_types) add(domain, std::string(op), since, until, fn);
}

std::vector<const Translator*> TranslatorRegistry::find_all(const std::string& domain,
                                                            const std::string& op_type) const {
    std::vector<const Translator*> out;
    auto it = by_op_.find({domain, op_type});
    if (it != by_op_.end())
        for (const Translator& t : it->second) out.push_back(&t);
    return out;
}

const Translator* TranslatorRegistry::find(const std::string& domain,
                                           const std::string& op_type, int64_t opset) const {
    auto it = by_op_.find({domain, op_type});
    if (it == by_op_.end()) return nullptr;
    for (const Translator& t : it->second)
        if (opset >= t.since && opset <= t.until) return &t;
    return nullptr;
}

std::vector<const Translator*> TranslatorRegistry::all() const {
    std::vector<const Translator*> out;
    for (const auto& [key, list] : by_op_)
        for (const Translator& t : list) out.push_back(&t);
    return out;
}

const TranslatorRegistry& TranslatorRegistry::global() {
    static const TranslatorRegistry registry = [] {
        TranslatorRegistry r;
        register_all_families(r);
        return r;
    }();
    return registry;
}

// ---- pass-through ----------------------------------------------------------------

TranslateFn pass_through(std::initializer_list<std::string_view> drop) {
    std::vector<std::string> dropped(drop.begin(), drop.end());
    return [dropped](NodeContext& ctx) -> std::vector<Value*> {
        if (!ctx.info().captures.empty())
            ctx.fail("its subgraph reads values of the enclosing graph, which neo supports "
                     "only for If, Loop and Scan");
        Attributes attrs = ctx.attrs();
        attrs.erase("consumed_inputs");  // an opset-1 memory hint, meaningless in neo
        for (const auto& d : dropped) attrs.erase(d);
        // Trailing omitted inputs are the same as absent ones.
        std::vector<Value*> inputs = ctx.inputs();
        while (!inputs.empty() && inputs.back() == nullptr) inputs.pop_back();
        // Trailing unnamed outputs are not produced.
        std::size_t n_out = ctx.num_outputs();
        while (n_out > 1 && !ctx.has_output(n_out - 1)) --n_out;
        Node* n = ctx.make(ctx.op_type(), std::move(inputs), std::move(attrs), n_out,
                           ctx.domain());
        return n->outputs();
    };
}

}  // namespace neo::onnxfe
