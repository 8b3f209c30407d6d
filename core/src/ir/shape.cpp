#include "neo/core/ir/shape.hpp"

#include <cctype>

#include "neo/core/util/error.hpp"

namespace neo {

Dim Dim::symbol(std::string name) {
    check_internal(!name.empty() && name != "?", "Dim::symbol needs a name");
    Dim d;
    d.symbol_ = std::move(name);
    return d;
}

int64_t Dim::value() const {
    check_internal(value_.has_value(), "Dim::value on a dynamic dim '" + str() + "'");
    return *value_;
}

std::string Dim::str() const {
    if (value_) return std::to_string(*value_);
    return symbol_.empty() ? "?" : symbol_;
}

Shape::Shape(std::initializer_list<int64_t> dims) {
    for (int64_t d : dims) dims_.emplace_back(d);
}

Shape Shape::from(const std::vector<int64_t>& dims) {
    Shape s;
    for (int64_t d : dims) s.dims_.emplace_back(d);
    return s;
}

Shape Shape::unranked() {
    Shape s;
    s.ranked_ = false;
    return s;
}

std::size_t Shape::rank() const {
    check_internal(ranked_, "Shape::rank on an unranked shape");
    return dims_.size();
}

bool Shape::is_static() const {
    if (!ranked_) return false;
    for (const auto& d : dims_)
        if (!d.is_static()) return false;
    return true;
}

std::vector<int64_t> Shape::static_dims() const {
    check_internal(is_static(), "Shape::static_dims on a dynamic shape " + str());
    std::vector<int64_t> out;
    out.reserve(dims_.size());
    for (const auto& d : dims_) out.push_back(d.value());
    return out;
}

int64_t Shape::numel() const {
    int64_t n = 1;
    for (int64_t d : static_dims()) n *= d;
    return n;
}

std::string Shape::str() const {
    if (!ranked_) return "[*]";
    std::string s = "[";
    for (std::size_t i = 0; i < dims_.size(); ++i) {
        if (i) s += ",";
        s += dims_[i].str();
    }
    return s + "]";
}

Layout::Layout(std::string name) : name_(std::move(name)) {
    for (char c : name_)
        check_internal(std::isalnum(static_cast<unsigned char>(c)) != 0,
                       "layout name '" + name_ + "' must be alphanumeric");
}

}  // namespace neo
