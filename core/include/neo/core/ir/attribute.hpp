#pragma once
// Typed node attributes.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace neo {

class Tensor;
class Graph;
using TensorPtr = std::shared_ptr<const Tensor>;
using GraphPtr = std::shared_ptr<Graph>;

enum class AttrType : uint8_t { i, f, s, ints, floats, strings, tensor, graph, graphs };
std::string_view attr_type_name(AttrType t);  // "int", "float", "string", "ints", ...

class Attribute {
public:
    using Variant = std::variant<int64_t, double, std::string, std::vector<int64_t>,
                                 std::vector<double>, std::vector<std::string>, TensorPtr,
                                 GraphPtr, std::vector<GraphPtr>>;

    Attribute() = default;
    Attribute(int64_t v) : v_(v) {}                          // NOLINT
    Attribute(int v) : v_(int64_t{v}) {}                     // NOLINT
    Attribute(double v) : v_(v) {}                           // NOLINT
    Attribute(float v) : v_(double{v}) {}                    // NOLINT
    Attribute(std::string v) : v_(std::move(v)) {}           // NOLINT
    Attribute(const char* v) : v_(std::string(v)) {}         // NOLINT
    Attribute(std::vector<int64_t> v) : v_(std::move(v)) {}  // NOLINT
    Attribute(std::vector<double> v) : v_(std::move(v)) {}   // NOLINT
    Attribute(std::vector<std::string> v) : v_(std::move(v)) {}  // NOLINT
    Attribute(TensorPtr v) : v_(std::move(v)) {}             // NOLINT
    Attribute(GraphPtr v) : v_(std::move(v)) {}              // NOLINT
    Attribute(std::vector<GraphPtr> v) : v_(std::move(v)) {} // NOLINT

    AttrType type() const { return static_cast<AttrType>(v_.index()); }
    const Variant& variant() const { return v_; }

    // Typed access; InternalError on a type mismatch (schemas are checked before use).
    int64_t i() const;
    double f() const;  // also accepts an int attribute
    const std::string& s() const;
    const std::vector<int64_t>& ints() const;
    std::vector<double> floats() const;  // also accepts ints
    const std::vector<std::string>& strings() const;
    const TensorPtr& tensor() const;
    const GraphPtr& graph() const;
    const std::vector<GraphPtr>& graphs() const;

private:
    Variant v_;
};

using Attributes = std::map<std::string, Attribute>;

}  // namespace neo
