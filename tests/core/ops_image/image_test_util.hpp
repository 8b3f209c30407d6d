#pragma once
// Shared helpers of the image op tests (TopK, Resize): build one node through the IR, run
// inference and the reference implementation, compare tensors, and replay the NumPy
// fixtures of tests/data/ops_image (written by tests/data/ops_image/gen_fixtures.py).
#include <doctest/doctest.h>

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

namespace image_test {

using neo::Attribute;
using neo::Attributes;
using neo::Dim;
using neo::DType;
using neo::Shape;
using neo::Tensor;

// An input of a node under test: a graph input of a type, a constant, or omitted.
struct In {
    std::optional<std::pair<DType, Shape>> type;
    std::optional<Tensor> constant;
    static In of(DType t, Shape s) { return In{std::make_pair(t, std::move(s)), std::nullopt}; }
    static In constant_of(Tensor t) { return In{std::nullopt, std::move(t)}; }
    static In none() { return In{}; }
};

inline const neo::OpSchema& schema(const std::string& op) {
    const neo::OpSchema* s = neo::OpRegistry::global().find("", op);
    REQUIRE_MESSAGE(s != nullptr, "op " << op << " is not registered");
    return *s;
}

struct OneNode {
    neo::Graph g;
    neo::Node* node = nullptr;
    OneNode(const std::string& op, const std::vector<In>& inputs, Attributes attrs,
            std::size_t num_outputs) {
        std::vector<neo::Value*> ins;
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const std::string name = "in" + std::to_string(i);
            if (inputs[i].type)
                ins.push_back(g.add_input(name, inputs[i].type->first, inputs[i].type->second));
            else if (inputs[i].constant)
                ins.push_back(g.add_constant(name, *inputs[i].constant));
            else
                ins.push_back(nullptr);
        }
        node = g.add_node(op, ins, num_outputs, std::move(attrs), "n");
    }
    void infer() {
        const neo::OpSchema& s = schema(node->op());
        neo::check_node_against_schema(s, *node);
        neo::infer_node(s, *node);
    }
};

// Inferred shape of output `out`.
inline Shape infer_shape(const std::string& op, const std::vector<In>& inputs,
                         Attributes attrs = {}, std::size_t num_outputs = 1,
                         std::size_t out = 0) {
    OneNode n(op, inputs, std::move(attrs), num_outputs);
    n.infer();
    return n.node->output(out)->shape();
}

// The UserError message of check + inference ("" when none).
inline std::string infer_error(const std::string& op, const std::vector<In>& inputs,
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

// Runs check, inference (inputs as graph inputs; `const_inputs` of them as constants) and
// compute; checks that inference agrees with the computed outputs.
inline std::vector<Tensor> run(const std::string& op, const std::vector<const Tensor*>& inputs,
                               Attributes attrs = {}, std::size_t num_outputs = 1,
                               bool const_inputs = false) {
    std::vector<In> ins;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const Tensor* t = inputs[i];
        if (!t) ins.push_back(In::none());
        else if (const_inputs && i > 0) ins.push_back(In::constant_of(*t));
        else ins.push_back(In::of(t->dtype(), t->ir_shape()));
    }
    OneNode n(op, ins, std::move(attrs), num_outputs);
    n.infer();
    std::vector<Tensor> out = neo::compute_node(schema(op), *n.node, inputs);
    REQUIRE(out.size() == num_outputs);
    for (std::size_t i = 0; i < num_outputs; ++i) {
        const Shape& s = n.node->output(i)->shape();
        CHECK(n.node->output(i)->dtype() == out[i].dtype());
        if (s.ranked())
            for (std::size_t d = 0; d < s.rank(); ++d)
                if (s[d].is_static()) CHECK(s[d].value() == out[i].shape()[d]);
        if (const_inputs)
            CHECK_MESSAGE(s == out[i].ir_shape(), "inferred " << s.str() << ", computed "
                                                             << out[i].ir_shape().str());
    }
    return out;
}

// The UserError message of compute (after check + inference); "" when none.
inline std::string compute_error(const std::string& op, const std::vector<const Tensor*>& inputs,
                                 Attributes attrs = {}, std::size_t num_outputs = 1) {
    std::vector<In> ins;
    for (const Tensor* t : inputs)
        ins.push_back(t ? In::of(t->dtype(), t->ir_shape()) : In::none());
    OneNode n(op, ins, std::move(attrs), num_outputs);
    try {
        n.infer();
        neo::compute_node(schema(op), *n.node, inputs);
    } catch (const neo::UserError& e) {
        return e.what();
    }
    return "";
}

// Same shape, and |got - want| <= atol + rtol * |want| elementwise.
inline void check_close(const Tensor& got, const Tensor& want, double rtol, double atol) {
    REQUIRE_MESSAGE(got.shape() == want.shape(), "shape " << got.ir_shape().str() << " vs "
                                                          << want.ir_shape().str());
    int64_t bad = 0, first = -1;
    for (int64_t i = 0; i < got.numel(); ++i) {
        const double g = got.at_double(i), w = want.at_double(i);
        if (!(g == w || std::abs(g - w) <= atol + rtol * std::abs(w))) {
            if (first < 0) first = i;
            ++bad;
        }
    }
    CHECK_MESSAGE(bad == 0, bad << " of " << got.numel() << " elements differ; first at "
                                << first << " (got " << (first >= 0 ? got.at_double(first) : 0.0)
                                << ", want " << (first >= 0 ? want.at_double(first) : 0.0)
                                << ")");
}

inline std::string data_dir() { return std::string(NEO_SOURCE_DIR) + "/tests/data/ops_image/"; }

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

// Replays every case of `op` in cases.json: float32 inputs X run in f32 and f64 (X cast),
// other dtypes as stored. Float outputs compare with a tolerance, integer outputs exactly.
// Every case runs twice: non-X inputs as graph inputs and as constants (inference from
// constants must then give the exact output shape).
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
        const bool float_case = inputs[0]->dtype() == DType::f32;
        const std::vector<DType> dtypes = float_case ? std::vector<DType>{DType::f32, DType::f64}
                                                     : std::vector<DType>{inputs[0]->dtype()};
        for (DType dt : dtypes)
            for (bool as_const : {false, true}) {
                const std::string dtype(neo::dtype_name(dt));
                CAPTURE(dtype);
                CAPTURE(as_const);
                std::vector<Tensor> held;
                held.reserve(inputs.size());
                std::vector<const Tensor*> ptrs;
                for (std::size_t i = 0; i < inputs.size(); ++i) {
                    if (!inputs[i]) {
                        ptrs.push_back(nullptr);
                        continue;
                    }
                    held.push_back(i == 0 ? inputs[i]->cast(dt) : *inputs[i]);
                    ptrs.push_back(&held.back());
                }
                std::vector<Tensor> got = run(op, ptrs, attrs, expected.size(), as_const);
                for (std::size_t i = 0; i < expected.size(); ++i) {
                    if (neo::is_float(expected[i].dtype())) {
                        CHECK(got[i].dtype() == dt);
                        const double tol = dt == DType::f64 ? 1e-12 : 1e-5;
                        check_close(got[i], expected[i], tol, tol);
                    } else {
                        CHECK(got[i].dtype() == expected[i].dtype());
                        check_close(got[i], expected[i], 0.0, 0.0);
                    }
                }
            }
    }
    CHECK_MESSAGE(n_cases > 0, "no fixture cases for " << op);
}

}  // namespace image_test
