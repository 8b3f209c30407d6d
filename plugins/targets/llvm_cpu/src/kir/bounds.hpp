#pragma once
// Ranges of i64 index expressions over loop variables of known extents, and floor division
// and remainder that use them. (x * c + y) / d is x * (c / d) + y / d whenever d divides c;
// y / d is 0 and the remainder is y when y is known to lie in [0, d). A kernel's epilogue
// takes an operand's index apart this way: the column of a bias broadcast over the rows of
// `row * N + column` is `column`, a contiguous vector, not a remainder per lane.
#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "kir/kir.hpp"

namespace neo::llvm_cpu::kir {

struct Interval {
    int64_t lo = 0, hi = 0;  // inclusive
};

class Bounds {
public:
    // The range of `var` from here on; nullopt forgets it.
    void set(int var, std::optional<Interval> range);
    std::optional<Interval> range(int var) const;
    // A loop's [begin, end - 1], where its bounds have known ranges.
    std::optional<Interval> loop_range(const Stmt& loop) const;
    std::optional<Interval> of(const ExprP& e) const;
    // floordiv(a, d) and floormod(a, d) (d > 0), simplified where the ranges allow.
    ExprP div(const ExprP& a, int64_t d) const;
    ExprP mod(const ExprP& a, int64_t d) const;

private:
    static std::pair<ExprP, ExprP> split(const ExprP& a, int64_t d);
    bool below(const ExprP& e, int64_t d) const;  // known to lie in [0, d)
    std::map<int, Interval> vars_;
};

}  // namespace neo::llvm_cpu::kir
