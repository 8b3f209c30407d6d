// Constant: becomes a constant value of the graph (no node), named like its output.
// One of its attributes holds the value: `value` (a tensor, all opsets), and since
// opset 12 `value_float(s)` (f32 scalar / 1-D), `value_int(s)` (i64), `value_string(s)`.
// `sparse_value` (opset 11) is refused when the attribute is read.
#include "ops/families.hpp"

namespace neo::onnxfe {
namespace {

Tensor constant_value(NodeContext& ctx) {
    if (ctx.attrs().size() != 1)
        ctx.fail("needs exactly one value attribute (value, value_float(s), value_int(s), "
                 "value_string(s)), not " + std::to_string(ctx.attrs().size()));
    const auto& [name, a] = *ctx.attrs().begin();
    auto n = [](const auto& v) { return std::vector<int64_t>{static_cast<int64_t>(v.size())}; };
    if (name == "value" && a.type() == AttrType::tensor) return *a.tensor();
    if (name == "value_float" && (a.type() == AttrType::f || a.type() == AttrType::i))
        return Tensor::from_vector<float>({}, {static_cast<float>(a.f())});
    if (name == "value_floats" && (a.type() == AttrType::floats || a.type() == AttrType::ints)) {
        std::vector<double> d = a.floats();
        return Tensor::from_vector<float>(n(d), std::vector<float>(d.begin(), d.end()));
    }
    if (name == "value_int" && a.type() == AttrType::i)
        return Tensor::from_vector<int64_t>({}, {a.i()});
    if (name == "value_ints" && a.type() == AttrType::ints)
        return Tensor::from_vector<int64_t>(n(a.ints()), a.ints());
    if (name == "value_string" && a.type() == AttrType::s)
        return Tensor::from_vector<std::string>({}, {a.s()});
    if (name == "value_strings" && a.type() == AttrType::strings)
        return Tensor::from_vector<std::string>(n(a.strings()), a.strings());
    ctx.fail("attribute '" + name + "' of kind " + std::string(attr_type_name(a.type())) +
             " is not a Constant value attribute (value: tensor, value_float: float, "
             "value_floats: floats, value_int: int, value_ints: ints, value_string: string, "
             "value_strings: strings)");
}

std::vector<Value*> constant(NodeContext& ctx) {
    return {ctx.constant(constant_value(ctx), "value")};
}

}  // namespace

void register_constant(TranslatorRegistry& r) {
    r.add(kDefaultDomain, "Constant", 1, kLatestOpset, constant);
}

}  // namespace neo::onnxfe
