#pragma once
// Shared helpers of the elementwise op tests: run one op through the IR (schema check,
// inference, reference computation), compare tensors with a tolerance, and run the
// NumPy fixture cases of tests/data/ops_elementwise/cases.json (see gen_fixtures.py).
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"
#include "neo/core/ops/registry.hpp"
#include "neo/core/util/error.hpp"
#include "neo/core/util/npy.hpp"

namespace neo::ew_test {

inline const OpSchema& schema(const std::string& op) {
    const OpSchema* s = OpRegistry::global().find("", op);
    REQUIRE_MESSAGE(s != nullptr, "op " << op << " is not registered");
    return *s;
}

// Builds a one-node graph: input i is a graph input of its tensor's dtype and shape, or
// a constant when const_inputs[i] is set; a nullopt input is omitted (nullptr).
struct OneNode {
    Graph g;
    Node* node = nullptr;
    const OpSchema* s = nullptr;
};

inline void build(OneNode& o, const std::string& op, const std::vector<std::optional<Tensor>>& ins,
                  const Attributes& attrs, const std::vector<bool>& const_inputs = {}) {
    std::vector<Value*> vals;
    for (std::size_t i = 0; i < ins.size(); ++i) {
        if (!ins[i]) {
            vals.push_back(nullptr);
        } else if (i < const_inputs.size() && const_inputs[i]) {
            vals.push_back(o.g.add_constant(std::string("c").append(std::to_string(i)), *ins[i]));
        } else {
            vals.push_back(o.g.add_input(std::string("x").append(std::to_string(i)), ins[i]->dtype(), ins[i]->ir_shape()));
        }
    }
    o.s = &schema(op);
    o.node = o.g.add_node(op, vals, 1, attrs, "n");
}

// Checks the node, infers its output, computes it; returns the outputs.
inline std::vector<Tensor> run_node(OneNode& o, const std::vector<std::optional<Tensor>>& ins) {
    check_node_against_schema(*o.s, *o.node);
    infer_node(*o.s, *o.node);
    std::vector<const Tensor*> ptrs;
    for (const auto& t : ins) ptrs.push_back(t ? &*t : nullptr);
    return compute_node(*o.s, *o.node, ptrs);
}

// Runs op on tensors (all graph inputs); checks that the inferred dtype and shape match
// what the computation produced, and returns output 0.
inline Tensor run(const std::string& op, const std::vector<std::optional<Tensor>>& ins,
                  const Attributes& attrs = {}, const std::vector<bool>& const_inputs = {}) {
    OneNode o;
    build(o, op, ins, attrs, const_inputs);
    std::vector<Tensor> out = run_node(o, ins);
    REQUIRE(out.size() == 1);
    CHECK(o.node->output(0)->dtype() == out[0].dtype());
    const Shape& inferred = o.node->output(0)->shape();
    if (inferred.is_static()) CHECK(inferred == out[0].ir_shape());
    return out[0];
}

// Infers the output of op for inputs of the given types (nullopt dtype: omitted);
// returns the node's output value.
struct TypedInput {
    DType t;
    Shape s;
    const Tensor* constant = nullptr;
};
inline Value* infer(OneNode& o, const std::string& op, const std::vector<std::optional<TypedInput>>& ins,
                    const Attributes& attrs = {}) {
    std::vector<Value*> vals;
    for (std::size_t i = 0; i < ins.size(); ++i) {
        if (!ins[i]) vals.push_back(nullptr);
        else if (ins[i]->constant) vals.push_back(o.g.add_constant(std::string("c").append(std::to_string(i)), *ins[i]->constant));
        else vals.push_back(o.g.add_input(std::string("x").append(std::to_string(i)), ins[i]->t, ins[i]->s));
    }
    o.s = &schema(op);
    o.node = o.g.add_node(op, vals, 1, attrs, "n");
    check_node_against_schema(*o.s, *o.node);
    infer_node(*o.s, *o.node);
    return o.node->output(0);
}

// The UserError message of running f, or "" when it does not throw one.
template <class F> std::string user_error(F&& f) {
    try {
        f();
    } catch (const UserError& e) {
        return e.what();
    }
    return "";
}

// Same dtype and shape, and every element within atol + rtol * |want| (NaN matches NaN,
// infinities must match exactly; non-float dtypes must match exactly).
inline bool allclose(const Tensor& got, const Tensor& want, double rtol, double atol, std::string& why) {
    if (got.dtype() != want.dtype()) {
        why = std::string("dtype ").append(dtype_name(got.dtype())).append(" != ").append(dtype_name(want.dtype()));
        return false;
    }
    if (got.shape() != want.shape()) {
        why = std::string("shape ").append(got.ir_shape().str()).append(" != ").append(want.ir_shape().str());
        return false;
    }
    if (got.dtype() == DType::string) {
        if (got == want) return true;
        why = "string elements differ";
        return false;
    }
    bool exact = !is_float(got.dtype());
    for (int64_t i = 0; i < got.numel(); ++i) {
        double g = got.at_double(i), w = want.at_double(i);
        bool ok;
        if (std::isnan(w) || std::isnan(g)) ok = std::isnan(w) && std::isnan(g);
        else if (exact || std::isinf(w) || std::isinf(g)) ok = g == w;
        else ok = std::abs(g - w) <= atol + rtol * std::abs(w);
        if (!ok) {
            why = std::string("element ").append(std::to_string(i)).append(": got ").append(std::to_string(g)).append(", want ").append(std::to_string(w));
            return false;
        }
    }
    return true;
}

#define NEO_CHECK_CLOSE(got, want, rtol, atol)                       \
    do {                                                             \
        std::string why_;                                            \
        bool ok_ = ::neo::ew_test::allclose(got, want, rtol, atol, why_); \
        CHECK_MESSAGE(ok_, why_);                                    \
    } while (0)

inline std::string data_dir() { return std::string(NEO_SOURCE_DIR) + "/tests/data/ops_elementwise/"; }

inline Attributes attrs_from_json(const nlohmann::json& j) {
    Attributes a;
    for (const auto& [k, v] : j.items()) {
        if (v.is_number_integer()) a[k] = Attribute(v.get<int64_t>());
        else if (v.is_number_float()) a[k] = Attribute(v.get<double>());
        else if (v.is_string()) a[k] = Attribute(v.get<std::string>());
        else if (v.is_array() && (v.empty() || v[0].is_number_integer())) a[k] = Attribute(v.get<std::vector<int64_t>>());
        else if (v.is_array()) a[k] = Attribute(v.get<std::vector<double>>());
        else FAIL("unsupported attribute value in cases.json: " << k);
    }
    return a;
}

// Runs every fixture case of `group`; returns how many ran.
inline int run_fixture_group(const std::string& group) {
    std::ifstream f(data_dir() + "cases.json");
    REQUIRE_MESSAGE(f.good(), "cannot open " << data_dir() << "cases.json");
    nlohmann::json cases = nlohmann::json::parse(f);
    int n = 0;
    for (const auto& c : cases) {
        if (c["group"] != group) continue;
        ++n;
        std::string name = c["name"].get<std::string>();
        INFO("fixture case ", group, "/", name, " (", c["op"].get<std::string>(), ")");
        std::vector<std::optional<Tensor>> ins;
        for (const auto& p : c["inputs"])
            ins.push_back(p.is_null() ? std::nullopt : std::optional<Tensor>(read_npy(data_dir() + p.get<std::string>())));
        std::vector<bool> consts(ins.size(), false);
        for (const auto& i : c["const"]) consts.at(i.get<std::size_t>()) = true;
        Tensor want = read_npy(data_dir() + c["outputs"][0].get<std::string>());
        try {
            Tensor got = run(c["op"].get<std::string>(), ins, attrs_from_json(c["attrs"]), consts);
            NEO_CHECK_CLOSE(got, want, c["rtol"].get<double>(), c["atol"].get<double>());
        } catch (const std::exception& e) {
            FAIL_CHECK("threw: " << e.what());
        }
    }
    return n;
}

template <class T>
Tensor tensor(const std::vector<int64_t>& shape, const std::vector<T>& data) {
    return Tensor::from_vector<T>(shape, data);
}

}  // namespace neo::ew_test
