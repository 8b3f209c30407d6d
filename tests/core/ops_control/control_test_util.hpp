#pragma once
// Shared helpers of the control-flow op tests: parse a graph in the IR text format,
// run shape propagation and the reference interpreter, compare tensors, check errors.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "neo/core/interp/interpreter.hpp"
#include "neo/core/ir/graph.hpp"
#include "neo/core/ir/tensor.hpp"
#include "neo/core/ir/text_format.hpp"
#include "neo/core/passes/shape_propagation.hpp"
#include "neo/core/util/error.hpp"

namespace neo::control_test {

// Parses and runs shape propagation.
inline std::unique_ptr<Graph> typed(const std::string& text) {
    auto g = parse_graph(text);
    propagate_shapes(*g);
    return g;
}

inline std::vector<Tensor> run(const Graph& g, const std::vector<Tensor>& inputs) {
    return Interpreter(g).run(inputs);
}

template <class T>
Tensor t(const std::vector<int64_t>& shape, const std::vector<T>& data) {
    return Tensor::from_vector<T>(shape, data);
}
inline Tensor f32(const std::vector<int64_t>& shape, const std::vector<float>& d) { return t<float>(shape, d); }
inline Tensor i64(const std::vector<int64_t>& shape, const std::vector<int64_t>& d) { return t<int64_t>(shape, d); }
inline Tensor boolean(bool b) { return Tensor::from_vector<bool>({}, {b}); }

// Exact comparison (the tests use values that are exact in binary floating point).
inline void check_tensor(const Tensor& got, const Tensor& want) {
    INFO("got " << dtype_name(got.dtype()) << Shape::from(got.shape()).str() << ", want "
                << dtype_name(want.dtype()) << Shape::from(want.shape()).str());
    REQUIRE(got.dtype() == want.dtype());
    REQUIRE(got.shape() == want.shape());
    for (int64_t i = 0; i < want.numel(); ++i) CHECK(got.at_double(i) == want.at_double(i));
}

inline std::string type_of(const Graph& g, std::size_t output) {
    const Value* v = g.outputs().at(output);
    return type_to_string(v->dtype(), v->shape());
}

// Runs f, requires a UserError whose message contains `needle`.
template <class F>
void check_error(F&& f, const std::string& needle) {
    std::string msg;
    try {
        f();
    } catch (const UserError& e) {
        msg = e.what();
    }
    INFO("message: " << msg);
    CHECK(!msg.empty());
    CHECK(msg.find(needle) != std::string::npos);
}

}  // namespace neo::control_test
