// LabelEncoder (opsets 2 and 4): every key and value kind, defaults, NaN keys, tensor
// attributes, and error messages. Expected values by hand.
#include <cmath>
#include <limits>

#include "support/op_test_util.hpp"

using namespace neo;
using namespace neo::op_test;

namespace {
const std::string kOp = "ai.onnx.ml:LabelEncoder";
Tensor strings(const std::vector<int64_t>& shape, const std::vector<std::string>& v) {
    return Tensor::from_vector<std::string>(shape, v);
}
TensorPtr tensor(Tensor t) { return std::make_shared<const Tensor>(std::move(t)); }
}  // namespace

TEST_CASE("LabelEncoder: strings to int64 and back") {
    Attributes a{{"keys_strings", std::vector<std::string>{"a", "b", "c"}},
                 {"values_int64s", std::vector<int64_t>{0, 1, 2}}};
    Tensor x = strings({2, 2}, {"c", "a", "zz", "b"});
    check_same(run1(kOp, {x}, a), Tensor::from_vector<int64_t>({2, 2}, {2, 0, -1, 1}));
    a["default_int64"] = int64_t{42};
    check_same(run1(kOp, {x}, a), Tensor::from_vector<int64_t>({2, 2}, {2, 0, 42, 1}));
    Attributes back{{"keys_int64s", std::vector<int64_t>{5, -3}},
                    {"values_strings", std::vector<std::string>{"five", "minus three"}}};
    check_same(run1(kOp, {ints({-3, 5, 0})}, back), strings({3}, {"minus three", "five", "_Unused"}));
}

TEST_CASE("LabelEncoder: floats, NaN keys") {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    Attributes a{{"keys_floats", std::vector<double>{1.5, static_cast<double>(nan)}},
                 {"values_floats", std::vector<double>{10, 20}},
                 {"default_float", 7.0}};
    check_same(run1(kOp, {floats({3}, {nan, 1.5f, 2})}, a), floats({3}, {20, 10, 7}));
}

TEST_CASE("LabelEncoder: tensor keys and values") {
    Attributes a{{"keys_tensor", tensor(strings({3}, {"a", "b", "c"}))},
                 {"values_tensor", tensor(Tensor::from_vector<int16_t>({3}, {1, 2, 3}))},
                 {"default_tensor", tensor(Tensor::from_vector<int16_t>({1}, {-9}))}};
    check_same(run1(kOp, {strings({4}, {"a", "x", "c", "b"})}, a),
               Tensor::from_vector<int16_t>({4}, {1, -9, 3, 2}));
    a.erase("default_tensor");
    check_same(run1(kOp, {strings({1}, {"x"})}, a), Tensor::from_vector<int16_t>({1}, {-1}));
    Attributes d{{"keys_tensor", tensor(Tensor::from_vector<double>({2}, {0.5, 1}))},
                 {"values_strings", std::vector<std::string>{"half", "one"}}};
    check_same(run1(kOp, {Tensor::from_vector<double>({2}, {1, 3})}, d), strings({2}, {"one", "_Unused"}));
}

TEST_CASE("LabelEncoder: errors") {
    const In x = In::of(DType::string, Shape({3}));
    Attributes a{{"keys_strings", std::vector<std::string>{"a", "b"}},
                 {"values_int64s", std::vector<int64_t>{0, 1, 2}}};
    CHECK(contains(infer_error(kOp, {x}, a), "has 2 keys (keys_strings) but 3 values (values_int64s)"));
    a["values_int64s"] = std::vector<int64_t>{0, 1};
    CHECK(contains(infer_error(kOp, {In::of(DType::i64, Shape({3}))}, a),
                   "input X is i64 but the keys are string"));
    a["keys_int64s"] = std::vector<int64_t>{1, 2};
    CHECK(contains(infer_error(kOp, {x}, a), "sets both 'keys_strings' and 'keys_int64s'"));
    CHECK(contains(infer_error(kOp, {x}, {{"values_int64s", std::vector<int64_t>{1}}}),
                   "sets none of keys_strings, keys_int64s, keys_floats, keys_tensor"));
    Attributes dup{{"keys_strings", std::vector<std::string>{"a", "a"}},
                   {"values_int64s", std::vector<int64_t>{0, 1}}};
    CHECK(contains(compute_error(kOp, {strings({1}, {"a"})}, dup), "key 1 repeats an earlier key"));
    Attributes bad_default{{"keys_strings", std::vector<std::string>{"a"}},
                           {"values_tensor", tensor(Tensor::from_vector<int16_t>({1}, {1}))},
                           {"default_tensor", tensor(Tensor::from_vector<int64_t>({1}, {1}))}};
    CHECK(contains(infer_error(kOp, {x}, bad_default),
                   "attribute 'default_tensor' must hold one i16 element, like values_tensor"));
}
