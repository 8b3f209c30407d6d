#pragma once
// Evaluating kir's integer index expressions in tests, with the loop variables' values.
#include <cstdint>
#include <vector>

#include <doctest/doctest.h>

#include "kir/kir.hpp"

namespace neo::llvm_cpu::test {

inline int64_t floor_div(int64_t a, int64_t d) { return a / d - ((a % d != 0) && (a < 0) ? 1 : 0); }

inline int64_t eval(const kir::ExprP& e, const std::vector<int64_t>& vars) {
    auto arg = [&](std::size_t i) { return eval(e->args[i], vars); };
    switch (e->op) {
    case kir::Op::IntImm: return e->ival;
    case kir::Op::Var: return vars.at(static_cast<std::size_t>(e->ival));
    case kir::Op::Add: return arg(0) + arg(1);
    case kir::Op::Sub: return arg(0) - arg(1);
    case kir::Op::Mul: return arg(0) * arg(1);
    case kir::Op::Min: return std::min(arg(0), arg(1));
    case kir::Op::Max: return std::max(arg(0), arg(1));
    case kir::Op::FloorDiv: return floor_div(arg(0), arg(1));
    default: FAIL("unexpected op"); return 0;
    }
}

}  // namespace neo::llvm_cpu::test
