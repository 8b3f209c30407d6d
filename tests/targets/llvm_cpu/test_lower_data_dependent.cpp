// Outputs whose length depends on the data (NonZero, NonMaxSuppression): compiled by
// llvm_cpu with their largest shape, the runtime reports the length of each run's result;
// against the reference interpreter, on two different inputs of one artifact.
#include <doctest/doctest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "native_run.hpp"
#include "neo/core/interp/interpreter.hpp"
#include "neo/runtime/runtime.hpp"

using namespace neo;
using namespace neo::test;

namespace {

void check_graph(const char* text) {
    auto g = make_graph(text);
    auto dir = scratch("data_dependent");
    build_native(*g, host_target(), dir);
    for (unsigned seed : {5u, 11u}) {
        CAPTURE(seed);
        auto inputs = random_inputs(*g, seed);
        auto want = Interpreter(*g).run(inputs);
        for (int threads : {1, 2}) {
            auto got = run_native(dir, inputs, threads);
            REQUIRE(got.size() == want.size());
            for (std::size_t i = 0; i < got.size(); ++i) {
                CAPTURE(i);
                CHECK(got[i].shape() == want[i].shape());
                CHECK(tolerance_ratio(got[i], want[i], 0, 0) <= 1.0);
            }
        }
    }
    std::filesystem::remove_all(dir);
}

}  // namespace

TEST_CASE("llvm_cpu lowering: NonZero of floats, integers and bools") {
    // Integer inputs are in [0, 5): about a fifth are zero; Relu zeroes about half the floats.
    check_graph(R"(graph g(%x: f32[4,7], %i: i32[2,3,5]) {
        %r = Relu(%x)
        %a = NonZero(%r)
        %b = NonZero(%i)
        %one: i32[] = const [1]
        %m = Greater(%i, %one)
        %c = NonZero(%m)
        return %a, %b, %c })");
}

TEST_CASE("llvm_cpu lowering: NonMaxSuppression with run-time thresholds, both box formats") {
    check_graph(R"(graph g(%boxes: f32[2,12,4], %scores: f32[2,3,12], %iou: f32[], %st: f32[]) {
        %max: i64[] = const [4]
        %a = Abs(%iou)
        %y = NonMaxSuppression(%boxes, %scores, %max, %a, %st)
        %half: f32[] = const [0.5]
        %m2: i64[] = const [20]
        %z = NonMaxSuppression(%boxes, %scores, %m2, %half) {center_point_box = 1}
        return %y, %z })");
}

TEST_CASE("llvm_cpu: model.json gives the largest shape of an output of data-dependent length") {
    auto g = make_graph(R"(graph g(%x: f32[3,4]) {
        %y = NonZero(%x)
        return %y })");
    auto dir = scratch("data_dependent_json");
    build_native(*g, host_target(), dir);
    auto j = nlohmann::json::parse(std::ifstream(dir / "model.json"));
    CHECK(j["outputs"][0]["max_shape"] == nlohmann::json({2, 12}));
    // Before the first run the runtime reports that largest shape.
    neo::runtime::Model m(dir.string());
    CHECK(m.output(0).shape == std::vector<int64_t>({2, 12}));
    std::filesystem::remove_all(dir);
}

TEST_CASE("llvm_cpu lowering: Unique sorted and in order of first occurrence, with and without an axis") {
    // Integer inputs are in [0, 5), so values and rows repeat.
    check_graph(R"(graph g(%x: i32[12], %m: i64[6,2], %f: f32[2,5]) {
        %y, %i, %v, %c = Unique(%x)
        %y2, %i2, %v2, %c2 = Unique(%x) {sorted = 0}
        %r, %ri, %rv, %rc = Unique(%m) {axis = 0}
        %q, %qi, %qv, %qc = Unique(%f) {axis = -1, sorted = 0}
        return %y, %i, %v, %c, %y2, %i2, %v2, %c2, %r, %ri, %rv, %rc, %q, %qi, %qv, %qc })");
}
