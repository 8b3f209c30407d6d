// kir::Bounds (kir/bounds.hpp): the floor divisions and remainders it simplifies equal the
// plain ones at every value of the loop variables, and the index of an operand broadcast
// over the rows of `row * N + column` comes out as the column itself.
#include <doctest/doctest.h>

#include <functional>

#include "kir/bounds.hpp"
#include "kir_eval.hpp"

using namespace neo::llvm_cpu;
using kir::ExprP;

namespace {

using test::eval;
using test::floor_div;

bool divides(const ExprP& e) {
    if (e->op == kir::Op::FloorDiv) return true;
    for (const ExprP& a : e->args)
        if (divides(a)) return true;
    return false;
}

// Every value of three variables in their ranges.
void for_all(const std::vector<kir::Interval>& ranges, const std::function<void(const std::vector<int64_t>&)>& f) {
    for (int64_t a = ranges[0].lo; a <= ranges[0].hi; ++a)
        for (int64_t b = ranges[1].lo; b <= ranges[1].hi; ++b)
            for (int64_t c = ranges[2].lo; c <= ranges[2].hi; ++c) f({a, b, c});
}

}  // namespace

TEST_CASE("kir bounds: simplified floor division and remainder equal the plain ones") {
    const ExprP x = kir::var(0), y = kir::var(1), z = kir::var(2);
    const std::vector<kir::Interval> ranges = {{0, 5}, {0, 2}, {-2, 9}};
    kir::Bounds b;
    for (int v = 0; v < 3; ++v) b.set(v, ranges[static_cast<std::size_t>(v)]);
    const std::vector<ExprP> exprs = {
        (x * 3 + kir::imm(1)) * 48 + (y * 16 + kir::imm(7)),  // a tile's row and column: the column < 48
        x * 48 + y * 16 + z,                                   // the column may leave [0, 48)
        kir::floordiv(z, 4) * 12 + x,
        x * 7 + kir::imm(-3),
        z - x * 5,
        kir::imm(96) + y,
    };
    for (const ExprP& e : exprs)
        for (int64_t d : {1, 2, 4, 12, 16, 48, 7}) {
            CAPTURE(d);
            const ExprP q = b.div(e, d), r = b.mod(e, d);
            for_all(ranges, [&](const std::vector<int64_t>& v) {
                const int64_t a = eval(e, v);
                CHECK(eval(q, v) == floor_div(a, d));
                CHECK(eval(r, v) == a - floor_div(a, d) * d);
            });
        }
    // The row of `row * 48 + column` and its column, without dividing.
    const ExprP tile = exprs[0];
    CHECK_FALSE(divides(b.div(tile, 48)));
    CHECK_FALSE(divides(b.mod(tile, 48)));
    CHECK(divides(b.mod(exprs[1], 48)));  // z may be negative: kept
}

TEST_CASE("kir bounds: ranges of loops and of expressions") {
    kir::Bounds b;
    b.set(0, kir::Interval{0, 9});
    auto r = b.of(kir::floordiv(kir::var(0), 4) * 3 - kir::imm(2));
    REQUIRE(r);
    CHECK(r->lo == -2);
    CHECK(r->hi == 4);
    CHECK_FALSE(b.of(kir::var(1)));  // unknown
    const auto loop = kir::loop(1, kir::imm(2), kir::var(0) + kir::imm(1), {});
    r = b.loop_range(*loop);
    REQUIRE(r);
    CHECK(r->lo == 2);
    CHECK(r->hi == 9);
    b.set(0, std::nullopt);
    CHECK_FALSE(b.of(kir::var(0)));
    CHECK_FALSE(b.of(kir::imm(INT64_MAX) + kir::var(0)));
    b.set(0, kir::Interval{1, 2});
    CHECK_FALSE(b.of(kir::imm(INT64_MAX) * kir::var(0)));  // overflows: unknown
}
