// Vectorized loops of short constant extent stay the vectorized loops: a stride-2 Slice of
// 56 -> 28 columns and a GlobalAveragePool over 7x7 positions, built for an AVX-512 CPU,
// read their rows with contiguous loads (and shuffles), not with gathers and scatters,
// which LLVM chose when it fully unrolled the row loop first and vectorized the loop
// around it. Their results are checked against the reference interpreter.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "native_run.hpp"

using namespace neo;
using namespace neo::test;

namespace {

const char* kGraph = R"(graph g(%x: f32[1,4,56,56], %p: f32[1,64,7,7]) {
    %st: i64[2] = const [0, 0]
    %en: i64[2] = const [56, 56]
    %ax: i64[2] = const [2, 3]
    %sp: i64[2] = const [2, 2]
    %y = Slice(%x, %st, %en, %ax, %sp)
    %z = GlobalAveragePool(%p)
    return %y, %z })";

}  // namespace

TEST_CASE("llvm_cpu: short vectorized rows are not turned into gathers and scatters") {
    const auto dump = scratch("vector_loops_ir");
    std::filesystem::remove_all(dump);
    ::setenv("NEO_LLVM_CPU_DUMP", dump.c_str(), 1);
    auto g = make_graph(kGraph);
    build_native(*g, host_target("znver4"), scratch("vector_loops_znver4"));
    ::unsetenv("NEO_LLVM_CPU_DUMP");

    std::ifstream in(dump / "model.opt.ll");
    REQUIRE(in.good());
    std::stringstream ir;
    ir << in.rdbuf();
    const std::string text = ir.str();
    CHECK(text.find("k0_Slice") != std::string::npos);
    CHECK(text.find("llvm.masked.gather") == std::string::npos);
    CHECK(text.find("llvm.masked.scatter") == std::string::npos);

    check_graph_cases({{"strided slice and 7x7 global average pool", kGraph}});
}
