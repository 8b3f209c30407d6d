#pragma once
// Helpers shared by the op tests: build one node through the IR, check it against its
// schema, run inference and the reference implementation (checking that the two agree),
// compare tensors, check error messages, and replay NumPy fixture cases written by a
// tests/data/<area>/gen_fixtures.py script into tests/data/<area>/cases.json.
//
// An op of another domain is named "<domain>:<Op>", e.g. "ai.onnx.ml:Scaler".
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"
#include "neo/core/ops/registry.hpp"
#include "neo/core/util/error.hpp"
#include "neo/core/util/npy.hpp"

namespace neo::op_test {

// "ai.onnx.ml:Scaler" -> {"ai.onnx.ml", "Scaler"}; "Conv" -> {"", "Conv"}.
inline std::pair<std::string, std::string> split_op(const std::string& op) {
    const std::size_t colon = op.rfind(':');
    if (colon == std::string::npos) return {"", op};
    return {op.substr(0, colon), op.substr(colon + 1)};
}

inline const OpSchema& schema_of(const std::string& op) {
    const auto [domain, name] = split_op(op);
    const OpSchema* s = OpRegistry::global().find(domain, name);
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

inline Tensor ints(const std::vector<int64_t>& v) {
    return Tensor::from_vector<int64_t>({static_cast<int64_t>(v.size())}, v);
}
inline Tensor floats(const std::vector<int64_t>& shape, const std::vector<float>& v) {
    return Tensor::from_vector<float>(shape, v);
}
inline In ints_const(const std::vector<int64_t>& v) { return In::constant_of(ints(v)); }

// Adds the inputs and the node (no inference yet).
inline Node* make_node(Graph& g, const std::string& op, const std::vector<In>& inputs,
                       Attributes attrs = {}, std::size_t n_out = 1) {
    std::vector<Value*> vals;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const In& in = inputs[i];
        const std::string name = "in" + std::to_string(i);
        if (in.kind == In::value) vals.push_back(g.add_input(name, in.dtype, in.shape));
        else if (in.kind == In::constant) vals.push_back(g.add_constant(name, in.tensor));
        else vals.push_back(nullptr);
    }
    const auto [domain, name] = split_op(op);
    Node* n = g.add_node(name, vals, n_out, std::move(attrs), "n");
    n->set_domain(domain);
    return n;
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

// The shape inference gives output `out`.
inline Shape inferred_shape(const std::string& op, const std::vector<In>& inputs,
                            Attributes attrs = {}, std::size_t n_out = 1, std::size_t out = 0) {
    Graph g;
    return infer(g, op, inputs, std::move(attrs), n_out)->output(out)->shape();
}

inline bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// The UserError message of `fn` ("" when it throws none).
inline std::string user_error(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const UserError& e) {
        return e.what();
    }
    return "";
}

// Checks that `fn` throws a UserError whose message contains `part`.
inline void expect_user_error(const std::function<void()>& fn, const std::string& part) {
    const std::string msg = user_error(fn);
    CHECK_MESSAGE(!msg.empty(), "no UserError thrown; expected one containing: " << part);
    CHECK_MESSAGE(contains(msg, part), "message '" << msg << "' lacks '" << part << "'");
}

// The UserError message of check + inference ("" when none).
inline std::string infer_error(const std::string& op, const std::vector<In>& inputs,
                               Attributes attrs = {}, std::size_t n_out = 1) {
    return user_error([&] {
        Graph g;
        infer(g, op, inputs, attrs, n_out);
    });
}

// A shape inferred with dynamic dims fits an actual static shape.
inline bool shape_fits(const Shape& inferred, const std::vector<int64_t>& actual) {
    if (!inferred.ranked()) return true;
    if (inferred.rank() != actual.size()) return false;
    for (std::size_t i = 0; i < actual.size(); ++i)
        if (inferred[i].is_static() && inferred[i].value() != actual[i]) return false;
    return true;
}

using Inputs = std::vector<std::optional<Tensor>>;

// Runs one op on tensors. The inputs listed in `const_inputs` are graph constants (their
// values known to inference), the others graph inputs of static shape. Checks that the
// inferred types match the computed outputs exactly, then that inference with every input
// non-constant gives types that still fit them. Returns the computed outputs.
inline std::vector<Tensor> run(const std::string& op, const Inputs& inputs, Attributes attrs = {},
                               std::size_t n_out = 1,
                               const std::vector<std::size_t>& const_inputs = {}) {
    const OpSchema& s = schema_of(op);
    std::vector<Tensor> outs;
    for (int pass = 0; pass < 2; ++pass) {
        std::vector<In> ins;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const bool is_const =
                pass == 0 &&
                std::find(const_inputs.begin(), const_inputs.end(), i) != const_inputs.end();
            if (!inputs[i]) ins.push_back(In::omitted());
            else if (is_const) ins.push_back(In::constant_of(*inputs[i]));
            else ins.push_back(In::of(inputs[i]->dtype(), inputs[i]->ir_shape()));
        }
        Graph g;
        Node* n = infer(g, op, ins, attrs, n_out);
        if (pass == 0) {
            std::vector<const Tensor*> ptrs;
            for (const auto& t : inputs) ptrs.push_back(t ? &*t : nullptr);
            outs = compute_node(s, *n, ptrs);
            REQUIRE(outs.size() == n_out);
        }
        for (std::size_t i = 0; i < n_out; ++i) {
            const Value* v = n->output(i);
            CHECK_MESSAGE(v->dtype() == outs[i].dtype(),
                          op << " output " << i << ": inferred dtype " << dtype_name(v->dtype())
                             << ", computed " << dtype_name(outs[i].dtype()));
            if (pass == 0 && !const_inputs.empty())
                CHECK_MESSAGE(v->shape() == outs[i].ir_shape(),
                              op << " output " << i << ": inferred shape " << v->shape().str()
                                 << ", computed " << outs[i].ir_shape().str());
            else
                CHECK_MESSAGE(shape_fits(v->shape(), outs[i].shape()),
                              op << " output " << i << ": inferred shape " << v->shape().str()
                                 << " does not fit computed " << outs[i].ir_shape().str());
        }
    }
    return outs;
}

inline Tensor run1(const std::string& op, const Inputs& inputs, Attributes attrs = {},
                   const std::vector<std::size_t>& const_inputs = {}) {
    return run(op, inputs, std::move(attrs), 1, const_inputs)[0];
}

// The UserError message of check + inference + compute ("" when none).
inline std::string compute_error(const std::string& op, const Inputs& inputs,
                                 Attributes attrs = {}, std::size_t n_out = 1) {
    return user_error([&] {
        std::vector<In> ins;
        std::vector<const Tensor*> ptrs;
        for (const auto& t : inputs) {
            ins.push_back(t ? In::of(t->dtype(), t->ir_shape()) : In::omitted());
            ptrs.push_back(t ? &*t : nullptr);
        }
        Graph g;
        Node* n = infer(g, op, ins, attrs, n_out);
        compute_node(schema_of(op), *n, ptrs);
    });
}

// Exact comparison (data movement and integer math must not change a bit).
inline void check_same(const Tensor& got, const Tensor& want, const std::string& what = "") {
    INFO(what);
    REQUIRE_MESSAGE(got.dtype() == want.dtype(),
                    "dtype " << dtype_name(got.dtype()) << " != " << dtype_name(want.dtype()));
    REQUIRE_MESSAGE(got.shape() == want.shape(),
                    "shape " << got.ir_shape().str() << " != " << want.ir_shape().str());
    if (got == want) return;
    if (got.dtype() != DType::string)
        for (int64_t i = 0; i < got.numel(); ++i)
            if (got.at_double(i) != want.at_double(i)) {
                FAIL_CHECK("element " << i << ": got " << got.at_double(i) << ", want "
                                      << want.at_double(i));
                return;
            }
    FAIL_CHECK("tensors differ");
}

// Same shape, and |got - want| <= atol + rtol * |want| elementwise (NaN equals NaN).
inline void check_close(const Tensor& got, const Tensor& want, double rtol, double atol,
                        const std::string& what = "") {
    INFO(what);
    REQUIRE_MESSAGE(got.shape() == want.shape(),
                    "shape " << got.ir_shape().str() << " != " << want.ir_shape().str());
    int64_t bad = 0, first = -1;
    for (int64_t i = 0; i < got.numel(); ++i) {
        const double g = got.at_double(i), w = want.at_double(i);
        if (g == w || (std::isnan(g) && std::isnan(w)) || std::abs(g - w) <= atol + rtol * std::abs(w))
            continue;
        if (first < 0) first = i;
        ++bad;
    }
    CHECK_MESSAGE(bad == 0, bad << " of " << got.numel() << " elements differ; first at "
                                << first << " (got " << (first >= 0 ? got.at_double(first) : 0.0)
                                << ", want " << (first >= 0 ? want.at_double(first) : 0.0) << ")");
}

// Tolerance (rtol, atol) of a float dtype against a float64 NumPy expectation.
inline std::pair<double, double> tolerance(DType t) {
    switch (t) {
        case DType::f64: return {1e-12, 1e-12};
        case DType::f32: return {1e-5, 1e-6};
        case DType::f16: return {1e-2, 5e-2};
        default: return {4e-2, 2e-1};  // bf16
    }
}

// ---- NumPy fixtures ------------------------------------------------------------------------
// cases.json: [{"op", "name", "inputs": [file | null], "outputs": [file], "attrs": {...},
//               "const": [input index...] (optional), "dtypes": ["f32", "f64", ...] (optional)}]
// Without "dtypes" a case runs once as stored. With it, every float32 input is cast to each
// listed dtype in turn; float outputs compare within tolerance(dtype), others exactly.

inline Attribute attr_from_json(const nlohmann::json& j) {
    if (j.is_number_integer()) return Attribute(j.get<int64_t>());
    if (j.is_number_float()) return Attribute(j.get<double>());
    if (j.is_string()) return Attribute(j.get<std::string>());
    if (j.is_array() && !j.empty() && j[0].is_string())
        return Attribute(j.get<std::vector<std::string>>());
    if (j.is_array() && std::any_of(j.begin(), j.end(), [](const auto& e) { return e.is_number_float(); }))
        return Attribute(j.get<std::vector<double>>());
    if (j.is_array()) return Attribute(j.get<std::vector<int64_t>>());
    throw InternalError("fixture attribute of an unsupported kind: " + j.dump());
}

// Runs every case of `op` in <data_dir>/cases.json; returns how many ran (at least one is
// required).
inline int run_fixture_cases(const std::string& data_dir, const std::string& op) {
    const std::string dir = data_dir.back() == '/' ? data_dir : data_dir + "/";
    std::ifstream f(dir + "cases.json");
    REQUIRE_MESSAGE(f.good(), "cannot open " << dir << "cases.json");
    const nlohmann::json cases = nlohmann::json::parse(f);
    int n = 0;
    for (const auto& c : cases) {
        if (c["op"] != op) continue;
        ++n;
        const std::string name = c["name"];
        INFO("fixture case " << name);
        Inputs stored;
        for (const auto& in : c["inputs"])
            stored.push_back(in.is_null() ? std::nullopt
                                          : std::optional<Tensor>(read_npy(dir + in.get<std::string>())));
        std::vector<Tensor> want;
        for (const auto& out : c["outputs"]) want.push_back(read_npy(dir + out.get<std::string>()));
        Attributes attrs;
        if (c.contains("attrs"))
            for (const auto& [k, v] : c["attrs"].items()) attrs[k] = attr_from_json(v);
        const auto consts =
            c.contains("const") ? c["const"].get<std::vector<std::size_t>>() : std::vector<std::size_t>{};
        std::vector<std::optional<DType>> dtypes{std::nullopt};
        if (c.contains("dtypes")) {
            dtypes.clear();
            for (const auto& d : c["dtypes"]) dtypes.push_back(parse_dtype(d.get<std::string>()));
        }
        for (const auto& dt : dtypes) {
            INFO("dtype " << (dt ? std::string(dtype_name(*dt)) : std::string("as stored")));
            Inputs inputs = stored;
            for (auto& t : inputs)
                if (dt && t && t->dtype() == DType::f32) t = t->cast(*dt);
            const auto got = run(op, inputs, attrs, want.size(), consts);
            for (std::size_t i = 0; i < want.size(); ++i) {
                const std::string what = name + " output " + std::to_string(i);
                if (is_float(want[i].dtype())) {
                    const auto [rtol, atol] = tolerance(got[i].dtype());
                    check_close(got[i], want[i], rtol, atol, what);
                } else {
                    check_same(got[i], want[i], what);
                }
            }
        }
    }
    CHECK_MESSAGE(n > 0, "no fixture cases for " << op << " in " << dir << "cases.json");
    return n;
}

inline std::string data_dir(const std::string& area) {
    return std::string(NEO_SOURCE_DIR) + "/tests/data/" + area + "/";
}

}  // namespace neo::op_test
