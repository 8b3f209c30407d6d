#pragma once
// Shared helpers of the tensor (data-movement) op tests: building one node through the
// IR, running inference and the reference implementation, comparing tensors, checking
// error messages, and running the NumPy fixture cases of tests/data/ops_tensor.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"
#include "neo/core/ops/registry.hpp"
#include "neo/core/util/error.hpp"
#include "neo/core/util/npy.hpp"

namespace neo::tensor_test {

inline const OpSchema& schema_of(const std::string& op) {
    const OpSchema* s = OpRegistry::global().find("", op);
    REQUIRE_MESSAGE(s != nullptr, "op " << op << " is not registered");
    return *s;
}

// One input of a test node: a graph input of a type, a constant, or omitted.
struct In {
    enum Kind { value, constant, none } kind = none;
    DType dtype = DType::undefined;
    Shape shape;
    Tensor tensor;

    static In of(DType t, Shape s) { return In{value, t, std::move(s), {}}; }
    static In constant_of(Tensor t) { return In{constant, t.dtype(), t.ir_shape(), std::move(t)}; }
    static In omitted() { return In{}; }
};

inline In ints_const(const std::vector<int64_t>& v) {
    return In::constant_of(Tensor::from_vector<int64_t>({static_cast<int64_t>(v.size())}, v));
}

// Adds the inputs and the node (no inference yet).
inline Node* make_node(Graph& g, const std::string& op, const std::vector<In>& inputs,
                       Attributes attrs = {}, std::size_t n_out = 1) {
    std::vector<Value*> vals;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const In& in = inputs[i];
        std::string name = "in" + std::to_string(i);
        if (in.kind == In::value)
            vals.push_back(g.add_input(name, in.dtype, in.shape));
        else if (in.kind == In::constant)
            vals.push_back(g.add_constant(name, in.tensor));
        else
            vals.push_back(nullptr);
    }
    return g.add_node(op, vals, n_out, std::move(attrs), "n");
}

// Builds the node, checks it against its schema and runs inference.
inline Node* infer(Graph& g, const std::string& op, const std::vector<In>& inputs,
                   Attributes attrs = {}, std::size_t n_out = 1) {
    Node* n = make_node(g, op, inputs, std::move(attrs), n_out);
    const OpSchema& s = schema_of(op);
    check_node_against_schema(s, *n);
    infer_node(s, *n);
    return n;
}

// The output type inference gives a node (output 0 unless told).
inline Shape inferred_shape(const std::string& op, const std::vector<In>& inputs,
                            Attributes attrs = {}, std::size_t out = 0, std::size_t n_out = 1) {
    Graph g;
    return infer(g, op, inputs, std::move(attrs), n_out)->output(out)->shape();
}

// Checks that `fn` throws a UserError whose message contains `part`.
inline void expect_user_error(const std::function<void()>& fn, const std::string& part) {
    try {
        fn();
        FAIL_CHECK("no UserError thrown; expected one containing: " << part);
    } catch (const UserError& e) {
        std::string msg = e.what();
        CHECK_MESSAGE(msg.find(part) != std::string::npos,
                      "message '" << msg << "' lacks '" << part << "'");
    }
}

// A shape inferred with dynamic dims fits an actual static shape.
inline bool shape_fits(const Shape& inferred, const std::vector<int64_t>& actual) {
    if (!inferred.ranked()) return true;
    if (inferred.rank() != actual.size()) return false;
    for (std::size_t i = 0; i < actual.size(); ++i)
        if (inferred[i].is_static() && inferred[i].value() != actual[i]) return false;
    return true;
}

// Runs one op on tensors. The inputs listed in `const_inputs` are graph constants (their
// values known to inference), the others graph inputs of static shape. Checks that the
// inferred types match the computed outputs exactly, then that inference with every input
// non-constant gives types that still fit them. Returns the computed outputs.
inline std::vector<Tensor> run(const std::string& op, const std::vector<std::optional<Tensor>>& inputs,
                               Attributes attrs = {}, std::size_t n_out = 1,
                               const std::vector<std::size_t>& const_inputs = {}) {
    const OpSchema& s = schema_of(op);
    std::vector<Tensor> outs;
    for (int pass = 0; pass < 2; ++pass) {
        std::vector<In> ins;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            bool is_const = pass == 0 && std::find(const_inputs.begin(), const_inputs.end(), i) !=
                                             const_inputs.end();
            if (!inputs[i])
                ins.push_back(In::omitted());
            else if (is_const)
                ins.push_back(In::constant_of(*inputs[i]));
            else
                ins.push_back(In::of(inputs[i]->dtype(), inputs[i]->ir_shape()));
        }
        Graph g;
        Node* n = infer(g, op, ins, attrs, n_out);
        if (pass == 0) {
            std::vector<const Tensor*> ptrs;
            for (const auto& t : inputs) ptrs.push_back(t ? &*t : nullptr);
            outs = compute_node(s, *n, ptrs);
        }
        for (std::size_t i = 0; i < n_out; ++i) {
            const Value* v = n->output(i);
            CHECK_MESSAGE(v->dtype() == outs[i].dtype(),
                          op << " output " << i << ": inferred dtype " << dtype_name(v->dtype())
                             << ", computed " << dtype_name(outs[i].dtype()));
            if (pass == 0)
                CHECK_MESSAGE(v->shape() == outs[i].ir_shape(),
                              op << " output " << i << ": inferred shape " << v->shape().str()
                                 << ", computed " << outs[i].ir_shape().str());
            else
                CHECK_MESSAGE(shape_fits(v->shape(), outs[i].shape()),
                              op << " output " << i << " (non-constant inputs): inferred shape "
                                 << v->shape().str() << " does not fit computed "
                                 << outs[i].ir_shape().str());
        }
    }
    return outs;
}

inline Tensor run1(const std::string& op, const std::vector<std::optional<Tensor>>& inputs,
                   Attributes attrs = {}, const std::vector<std::size_t>& const_inputs = {}) {
    return run(op, inputs, std::move(attrs), 1, const_inputs)[0];
}

// Exact comparison (data movement must not change a bit), with a readable message.
inline void check_same(const Tensor& got, const Tensor& want, const std::string& what = "") {
    INFO(what);
    REQUIRE_MESSAGE(got.dtype() == want.dtype(),
                    "dtype " << dtype_name(got.dtype()) << " != " << dtype_name(want.dtype()));
    REQUIRE_MESSAGE(got.shape() == want.shape(),
                    "shape " << got.ir_shape().str() << " != " << want.ir_shape().str());
    bool same = got == want;
    if (!same && got.dtype() != DType::string) {
        // NaN-free fixtures: report the first difference.
        for (int64_t i = 0; i < got.numel(); ++i)
            if (got.at_double(i) != want.at_double(i)) {
                FAIL_CHECK("element " << i << ": got " << got.at_double(i) << ", want "
                                      << want.at_double(i));
                return;
            }
    }
    CHECK(same);
}

// |got - want| <= atol + rtol * |want| elementwise (for Range on floats).
inline void check_close(const Tensor& got, const Tensor& want, double rtol = 1e-5,
                        double atol = 1e-6) {
    REQUIRE(got.dtype() == want.dtype());
    REQUIRE(got.shape() == want.shape());
    for (int64_t i = 0; i < got.numel(); ++i) {
        double a = got.at_double(i), b = want.at_double(i);
        CHECK_MESSAGE(std::abs(a - b) <= atol + rtol * std::abs(b),
                      "element " << i << ": got " << a << ", want " << b);
    }
}

// ---- NumPy fixtures -----------------------------------------------------------------------

inline std::string fixture_dir() { return std::string(NEO_SOURCE_DIR) + "/tests/data/ops_tensor/"; }

inline Attribute attr_from_json(const nlohmann::json& j) {
    if (j.is_number_integer()) return Attribute(j.get<int64_t>());
    if (j.is_number_float()) return Attribute(j.get<double>());
    if (j.is_string()) return Attribute(j.get<std::string>());
    if (j.is_array() && !j.empty() && j[0].is_number_float())
        return Attribute(j.get<std::vector<double>>());
    if (j.is_array()) return Attribute(j.get<std::vector<int64_t>>());
    throw InternalError("fixture attribute of an unsupported kind: " + j.dump());
}

// Runs every fixture case of `op` (written by gen_fixtures.py) and compares exactly, or
// within tolerance for float Range. Returns the number of cases run.
inline int run_fixture_cases(const std::string& op) {
    std::ifstream f(fixture_dir() + "cases.json");
    REQUIRE_MESSAGE(f.good(), "cannot open " << fixture_dir() << "cases.json");
    auto cases = nlohmann::json::parse(f);
    int n = 0;
    for (const auto& c : cases) {
        if (c["op"] != op) continue;
        ++n;
        const std::string name = c["name"];
        INFO("fixture case " << name);
        std::vector<std::optional<Tensor>> inputs;
        for (const auto& in : c["inputs"]) {
            if (in.is_null())
                inputs.emplace_back(std::nullopt);
            else
                inputs.emplace_back(read_npy(fixture_dir() + in.get<std::string>()));
        }
        Attributes attrs;
        for (const auto& [k, v] : c["attrs"].items()) attrs[k] = attr_from_json(v);
        auto consts = c["const"].get<std::vector<std::size_t>>();
        const auto& want_files = c["outputs"];
        auto outs = run(op, inputs, attrs, want_files.size(), consts);
        for (std::size_t i = 0; i < want_files.size(); ++i) {
            Tensor want = read_npy(fixture_dir() + want_files[i].get<std::string>());
            if (op == "Range" && (want.dtype() == DType::f32 || want.dtype() == DType::f64))
                check_close(outs[i], want);
            else
                check_same(outs[i], want, name + " output " + std::to_string(i));
        }
    }
    return n;
}

}  // namespace neo::tensor_test
