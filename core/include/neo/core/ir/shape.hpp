#pragma once
// Shapes: static dims first, symbolic dims ("N") and unknown dims ("?") representable,
// and an unranked shape for values whose rank is not known yet.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace neo {

class Dim {
public:
    Dim() = default;                          // unknown: "?"
    Dim(int64_t v) : value_(v) {}             // NOLINT(google-explicit-constructor): static
    static Dim symbol(std::string name);      // symbolic, e.g. "N"
    static Dim unknown() { return Dim(); }

    bool is_static() const { return value_.has_value(); }
    bool is_symbolic() const { return !value_ && !symbol_.empty(); }
    int64_t value() const;                    // InternalError unless static
    const std::string& symbol_name() const { return symbol_; }
    std::string str() const;                  // "7", "N", "?"

    friend bool operator==(const Dim& a, const Dim& b) {
        return a.value_ == b.value_ && a.symbol_ == b.symbol_;
    }

private:
    std::optional<int64_t> value_;
    std::string symbol_;
};

class Shape {
public:
    Shape() = default;                                  // rank 0 (scalar)
    Shape(std::vector<Dim> dims) : dims_(std::move(dims)) {}  // NOLINT
    Shape(std::initializer_list<int64_t> dims);
    static Shape from(const std::vector<int64_t>& dims);
    static Shape unranked();

    bool ranked() const { return ranked_; }
    std::size_t rank() const;                           // InternalError if unranked
    const std::vector<Dim>& dims() const { return dims_; }
    std::vector<Dim>& dims() { return dims_; }
    const Dim& operator[](std::size_t i) const { return dims_.at(i); }
    bool is_static() const;                             // ranked and every dim static
    std::vector<int64_t> static_dims() const;           // InternalError unless is_static
    int64_t numel() const;                              // InternalError unless is_static
    std::string str() const;                            // "[1,3,N,?]" or "[*]"

    friend bool operator==(const Shape& a, const Shape& b) {
        return a.ranked_ == b.ranked_ && a.dims_ == b.dims_;
    }

private:
    std::vector<Dim> dims_;
    bool ranked_ = true;
};

// A data layout tag such as "NCHW", "NHWC" or a blocked "NCHW16c". Empty: no layout.
class Layout {
public:
    Layout() = default;
    explicit Layout(std::string name);  // InternalError when not [A-Za-z0-9]*
    const std::string& name() const { return name_; }
    bool empty() const { return name_.empty(); }
    friend bool operator==(const Layout& a, const Layout& b) { return a.name_ == b.name_; }

private:
    std::string name_;
};

}  // namespace neo
