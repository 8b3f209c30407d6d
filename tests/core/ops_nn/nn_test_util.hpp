#pragma once
// Shared helpers of the nn op tests: build one node through the IR, run inference and the
// reference implementation, compare tensors, and replay the NumPy fixtures of
// tests/data/ops_nn (written by tests/data/ops_nn/gen_fixtures.py).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "neo/core/ir/graph.hpp"
#include "neo/core/ops/registry.hpp"
#include "neo/core/util/error.hpp"
#include "neo/core/util/npy.hpp"

namespace nn_test {

using neo::Attribute;
using neo::Attributes;
using neo::Dim;
using neo::DType;
using neo::Shape;
using neo::Tensor;

// An input of a node under test: its dtype and shape, or omitted (nullopt).
using InputType = std::optional<std::pair<DType, Shape>>;

inline const neo::OpSchema& schema(const std::string& op) {
    const neo::OpSchema* s = neo::OpRegistry::global().find("", op);
    REQUIRE_MESSAGE(s != nullptr, "op " << op << " is not registered");
    return *s;
}

// A graph holding one node of `op` over graph inputs of the given types.
struct OneNode {
    neo::Graph g;
    neo::Node* node = nullptr;

    OneNode(const std::string& op, const std::vector<InputType>& inputs, Attributes attrs = {},
            std::size_t num_outputs = 1) {
        std::vector<neo::Value*> ins;
        for (std::size_t i = 0; i < inputs.size(); ++i)
            ins.push_back(inputs[i] ? g.add_input("in" + std::to_string(i), inputs[i]->first,
                                                  inputs[i]->second)
                                    : nullptr);
        node = g.add_node(op, ins, num_outputs, std::move(attrs), "n");
    }
    // check_node_against_schema + infer_node.
    void infer() {
        const neo::OpSchema& s = schema(node->op());
        neo::check_node_against_schema(s, *node);
        neo::infer_node(s, *node);
    }
    const Shape& shape(std::size_t i = 0) const { return node->output(i)->shape(); }
    DType dtype(std::size_t i = 0) const { return node->output(i)->dtype(); }
};

// Inferred shape of output `out` (runs check + inference).
inline Shape infer_shape(const std::string& op, const std::vector<InputType>& inputs,
                         Attributes attrs = {}, std::size_t num_outputs = 1,
                         std::size_t out = 0) {
    OneNode n(op, inputs, std::move(attrs), num_outputs);
    n.infer();
    return n.shape(out);
}

// The UserError message of check + inference ("" when none is thrown).
inline std::string infer_error(const std::string& op, const std::vector<InputType>& inputs,
                               Attributes attrs = {}, std::size_t num_outputs = 1) {
    OneNode n(op, inputs, std::move(attrs), num_outputs);
    try {
        n.infer();
    } catch (const neo::UserError& e) {
        return e.what();
    }
    return "";
}

inline bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// Builds the node from the tensors' dtypes and shapes (nullptr: omitted input), runs check,
// inference and compute, and checks that inference agrees with the computed outputs.
inline std::vector<Tensor> run(const std::string& op, const std::vector<const Tensor*>& inputs,
                               Attributes attrs = {}, std::size_t num_outputs = 1) {
    std::vector<InputType> types;
    for (const Tensor* t : inputs)
        types.push_back(t ? InputType({t->dtype(), t->ir_shape()}) : std::nullopt);
    OneNode n(op, types, std::move(attrs), num_outputs);
    n.infer();
    std::vector<Tensor> out = neo::compute_node(schema(op), *n.node, inputs);
    REQUIRE(out.size() == num_outputs);
    for (std::size_t i = 0; i < num_outputs; ++i) {
        CHECK_MESSAGE(n.dtype(i) == out[i].dtype(), "output " << i << " dtype");
        CHECK_MESSAGE(n.shape(i) == out[i].ir_shape(), "output " << i << ": inferred "
                                                                   << n.shape(i).str()
                                                                   << ", computed "
                                                                   << out[i].ir_shape().str());
    }
    return out;
}

// The error message of compute (after successful check + inference); "" when none.
inline std::string compute_error(const std::string& op, const std::vector<const Tensor*>& inputs,
                                 Attributes attrs = {}, std::size_t num_outputs = 1) {
    std::vector<InputType> types;
    for (const Tensor* t : inputs)
        types.push_back(t ? InputType({t->dtype(), t->ir_shape()}) : std::nullopt);
    OneNode n(op, types, std::move(attrs), num_outputs);
    try {
        neo::compute_node(schema(op), *n.node, inputs);
    } catch (const neo::UserError& e) {
        return e.what();
    }
    return "";
}

// Same shape, and |got - want| <= atol + rtol * |want| elementwise (values as double).
inline void check_close(const Tensor& got, const Tensor& want, double rtol, double atol) {
    REQUIRE_MESSAGE(got.shape() == want.shape(), "shape " << got.ir_shape().str() << " vs "
                                                          << want.ir_shape().str());
    int64_t bad = 0, first = -1;
    double worst = 0.0;
    for (int64_t i = 0; i < got.numel(); ++i) {
        const double g = got.at_double(i), w = want.at_double(i);
        const double err = std::abs(g - w);
        const bool ok = (std::isnan(g) && std::isnan(w)) || (g == w) ||
                        err <= atol + rtol * std::abs(w);
        if (!ok) {
            if (first < 0) first = i;
            ++bad;
            worst = std::max(worst, err);
        }
    }
    CHECK_MESSAGE(bad == 0, bad << " of " << got.numel() << " elements differ; first at "
                                << first << " (got "
                                << (first >= 0 ? got.at_double(first) : 0.0) << ", want "
                                << (first >= 0 ? want.at_double(first) : 0.0)
                                << "), worst abs error " << worst);
}

inline Tensor vec_f32(const std::vector<int64_t>& shape, const std::vector<float>& v) {
    return Tensor::from_vector<float>(shape, v);
}

inline std::string data_dir() { return std::string(NEO_SOURCE_DIR) + "/tests/data/ops_nn/"; }

inline Attributes attrs_from_json(const nlohmann::json& j) {
    Attributes a;
    for (const auto& [k, v] : j.items()) {
        if (v.is_number_integer()) a[k] = Attribute(v.get<int64_t>());
        else if (v.is_number_float()) a[k] = Attribute(v.get<double>());
        else if (v.is_string()) a[k] = Attribute(v.get<std::string>());
        else if (v.is_array()) a[k] = Attribute(v.get<std::vector<int64_t>>());
        else FAIL("unsupported attribute in cases.json: " << k);
    }
    return a;
}

// Tolerance (rtol, atol) of a float dtype against the float64 NumPy expectation.
inline std::pair<double, double> tolerance(DType t) {
    switch (t) {
        case DType::f64: return {1e-12, 1e-12};
        case DType::f32: return {1e-6, 1e-6};
        case DType::f16: return {1e-2, 5e-2};
        default: return {4e-2, 2e-1};  // bf16
    }
}

// Replays every case of `op` in cases.json. Float cases (float32 inputs) run in f32, f64,
// f16 and bf16 (inputs cast from float32); integer cases run as stored and compare exactly.
// Integer outputs of float cases (MaxPool Indices) are compared for f32 / f64 only, as
// rounding to f16 / bf16 may create ties.
inline void run_fixture_cases(const std::string& op) {
    std::ifstream f(data_dir() + "cases.json");
    REQUIRE_MESSAGE(f.good(), "cannot open " << data_dir() << "cases.json");
    const nlohmann::json cases = nlohmann::json::parse(f);
    int n_cases = 0;
    for (const auto& c : cases) {
        if (c["op"] != op) continue;
        ++n_cases;
        const std::string name = c["name"];
        CAPTURE(name);
        std::vector<std::optional<Tensor>> inputs;
        for (const auto& in : c["inputs"])
            inputs.push_back(in.is_null() ? std::nullopt
                                          : std::optional<Tensor>(neo::read_npy(
                                                data_dir() + in.get<std::string>())));
        std::vector<Tensor> expected;
        for (const auto& out : c["outputs"])
            expected.push_back(neo::read_npy(data_dir() + out.get<std::string>()));
        const Attributes attrs = attrs_from_json(c["attrs"]);
        const bool float_case = inputs[0] && inputs[0]->dtype() == DType::f32;
        const std::vector<DType> dtypes =
            float_case ? std::vector<DType>{DType::f32, DType::f64, DType::f16, DType::bf16}
                       : std::vector<DType>{inputs[0]->dtype()};
        for (DType dt : dtypes) {
            const std::string dtype(neo::dtype_name(dt));
            CAPTURE(dtype);
            std::vector<Tensor> cast;
            for (const auto& t : inputs)
                cast.push_back(t ? (t->dtype() == DType::f32 ? t->cast(dt) : *t) : Tensor());
            std::vector<const Tensor*> ptrs;
            for (std::size_t i = 0; i < inputs.size(); ++i)
                ptrs.push_back(inputs[i] ? &cast[i] : nullptr);
            std::vector<Tensor> got = run(op, ptrs, attrs, expected.size());
            for (std::size_t i = 0; i < expected.size(); ++i) {
                if (neo::is_float(expected[i].dtype())) {
                    // The looser of the input's and the output's precision.
                    auto [rtol_in, atol_in] = tolerance(dt);
                    auto [rtol_out, atol_out] = tolerance(got[i].dtype());
                    check_close(got[i], expected[i], std::max(rtol_in, rtol_out),
                                std::max(atol_in, atol_out));
                } else if (!float_case || dt == DType::f32 || dt == DType::f64) {
                    CHECK(got[i].dtype() == expected[i].dtype());
                    check_close(got[i], expected[i], 0.0, 0.0);
                }
            }
        }
    }
    CHECK_MESSAGE(n_cases > 0, "no fixture cases for " << op);
}

}  // namespace nn_test
