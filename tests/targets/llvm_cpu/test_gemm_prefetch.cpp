// spread_prefetch (lower/gemm_kernel.hpp): the register tiles that share a row of b prefetch,
// between them, every 64-byte line of the next row, and never an index outside the buffer.
#include <doctest/doctest.h>

#include <set>

#include "kir_eval.hpp"
#include "lower/gemm_kernel.hpp"

using namespace neo::llvm_cpu;

TEST_CASE("spread prefetches: the tiles together cover the next row's lines, inside the buffer") {
    struct Case {
        int64_t cols, elem_size, tiles;
    };
    // Variables: 0 the row's first element, 1 the tile's place q among the tiles.
    for (const Case& c : {Case{64, 4, 6}, Case{64, 4, 1}, Case{64, 4, 3}, Case{32, 8, 2}, Case{48, 4, 14}, Case{8, 4, 4},
                          Case{64, 2, 2}}) {
        INFO("cols " << c.cols << ", " << c.elem_size << "-byte elements, " << c.tiles << " tiles");
        const int64_t rows = 5, numel = rows * c.cols;
        const auto make = spread_prefetch(7, kir::var(0), c.cols, c.elem_size, c.tiles, kir::var(1), numel);
        const int64_t line = 64 / c.elem_size;
        for (int64_t row = 0; row < rows; ++row) {
            std::set<int64_t> lines;
            std::size_t per_tile = 0;
            for (int64_t q = 0; q < c.tiles; ++q) {
                const auto stmts = make();
                per_tile = stmts.size();
                for (const auto& s : stmts) {
                    REQUIRE(s->kind == kir::Stmt::Kind::Prefetch);
                    CHECK(s->buffer == 7);
                    const int64_t at = test::eval(s->index, {row * c.cols, q});
                    CHECK(at >= 0);
                    CHECK(at < numel);
                    lines.insert((at - row * c.cols) / line);
                }
            }
            // Each line of the row once at least; a tile issues no more than its share.
            const int64_t want = (c.cols + line - 1) / line;
            CHECK(static_cast<int64_t>(lines.size()) == want);
            CHECK(static_cast<int64_t>(per_tile) == (want + c.tiles - 1) / c.tiles);
        }
    }
}
