// The runtime's C API (and its C++ header) on artifacts built around fixture_model.c.
#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <string>
#include <thread>

#include "fixture_artifact.hpp"
#include "neo/core/ir/dtype.hpp"
#include "neo/runtime/runtime.h"
#include "neo/runtime/runtime.hpp"

namespace fs = std::filesystem;
using namespace neo::test;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string last_error() { return neo_last_error(); }

// Loads, sets x and k, runs with `threads` threads and checks both outputs exactly.
void check_run(neo_model* m, int threads, int seed) {
    REQUIRE(neo_model_set_threads(m, threads) == 0);
    CHECK(neo_model_threads(m) == threads);
    std::vector<float> x = fixture_x(seed);
    std::vector<int32_t> k = fixture_k();
    const int64_t xs[2] = {4, 64}, ks[1] = {4};
    REQUIRE(neo_model_set_input(m, 0, x.data(), NEO_DTYPE_F32, 2, xs) == 0);
    REQUIRE(neo_model_set_input(m, 1, k.data(), NEO_DTYPE_I32, 1, ks) == 0);
    REQUIRE(neo_model_run(m) == 0);
    CHECK(last_error().empty());
    const auto* y = static_cast<const float*>(neo_model_output_data(m, 0));
    const auto* z = static_cast<const int64_t*>(neo_model_output_data(m, 1));
    REQUIRE(y);
    REQUIRE(z);
    std::vector<float> want_y = expected_y(x);
    std::vector<int64_t> want_z = expected_z(x, k);
    int wrong = 0;
    for (int i = 0; i < kFixtureSize; ++i) wrong += y[i] != want_y[i];
    CHECK(wrong == 0);
    for (int r = 0; r < kFixtureRows; ++r) CHECK(z[r] == want_z[r]);
}

}  // namespace

TEST_CASE("the runtime loads an artifact and describes its inputs and outputs") {
    fs::path dir = scratch_dir("rt_info") / "artifact";
    write_fixture_artifact(dir, fixture_library());
    neo_model* m = neo_model_load(dir.c_str());
    INFO(last_error());
    REQUIRE(m);
    CHECK(last_error().empty());
    REQUIRE(neo_model_num_inputs(m) == 2);
    REQUIRE(neo_model_num_outputs(m) == 2);
    neo_tensor_info info{};
    REQUIRE(neo_model_input_info(m, 0, &info) == 0);
    CHECK(std::string(info.name) == "x");
    CHECK(info.dtype == NEO_DTYPE_F32);
    REQUIRE(info.ndim == 2);
    CHECK(info.shape[0] == 4);
    CHECK(info.shape[1] == 64);
    CHECK(info.nbytes == 1024);
    REQUIRE(neo_model_output_info(m, 1, &info) == 0);
    CHECK(std::string(info.name) == "z");
    CHECK(std::string(neo_dtype_name(info.dtype)) == "i64");
    CHECK(info.nbytes == 32);
    CHECK(neo_model_input_index(m, "k") == 1);

    CHECK(neo_model_input_index(m, "img") == -1);
    CHECK(last_error() == "the model has no input named 'img' (inputs: x, k)");
    CHECK(neo_model_input_info(m, 2, &info) == -1);
    CHECK(contains(last_error(), "input index 2 is out of range"));
    CHECK(neo_model_output_data(m, -1) == nullptr);
    CHECK(contains(last_error(), "output index -1 is out of range"));

    // Buffers are aligned as the ABI promises, and inputs start zeroed.
    for (int i = 0; i < 2; ++i) {
        CHECK(reinterpret_cast<uintptr_t>(neo_model_input_data(m, i)) % NEO_ABI_ALIGNMENT == 0);
        CHECK(reinterpret_cast<uintptr_t>(neo_model_output_data(m, i)) % NEO_ABI_ALIGNMENT == 0);
    }
    CHECK(static_cast<const float*>(neo_model_input_data(m, 0))[17] == 0.0f);
    neo_model_free(m);
    neo_model_free(nullptr);
    fs::remove_all(dir.parent_path());
}

TEST_CASE("set_input names the input, what it expects and what it was given") {
    fs::path dir = scratch_dir("rt_set_input") / "artifact";
    write_fixture_artifact(dir, fixture_library());
    neo_model* m = neo_model_load(dir.c_str());
    REQUIRE(m);
    std::vector<float> x(256, 1.0f);
    const int64_t good[2] = {4, 64}, wrong[2] = {64, 4}, flat[1] = {256};
    CHECK(neo_model_set_input(m, 0, x.data(), NEO_DTYPE_I32, 2, good) == -1);
    CHECK(last_error() == "input 'x' expects f32[4,64], got i32[4,64]");
    CHECK(neo_model_set_input(m, 0, x.data(), NEO_DTYPE_F32, 2, wrong) == -1);
    CHECK(last_error() == "input 'x' expects f32[4,64], got f32[64,4]");
    CHECK(neo_model_set_input(m, 0, x.data(), NEO_DTYPE_F32, 1, flat) == -1);
    CHECK(last_error() == "input 'x' expects f32[4,64], got f32[256]");
    CHECK(neo_model_set_input(m, 1, x.data(), NEO_DTYPE_BOOL, 0, nullptr) == -1);
    CHECK(last_error() == "input 'k' expects i32[4], got bool[]");
    CHECK(neo_model_set_input(m, 0, nullptr, NEO_DTYPE_F32, 2, good) == -1);
    CHECK(contains(last_error(), "no data (NULL) for input 'x'"));
    CHECK(neo_model_set_input(m, 0, x.data(), NEO_DTYPE_F32, 2, good) == 0);
    CHECK(last_error().empty());

    // The error is per thread.
    CHECK(neo_model_input_index(m, "nope") == -1);
    std::string other;
    std::thread([&] { other = neo_last_error(); }).join();
    CHECK(other.empty());
    CHECK_FALSE(last_error().empty());
    neo_model_free(m);
    fs::remove_all(dir.parent_path());
}

TEST_CASE("runs give the independently computed outputs on 1, 2 and 4 threads") {
    fs::path dir = scratch_dir("rt_run") / "artifact";
    write_fixture_artifact(dir, fixture_library());
    neo_model* m = neo_model_load(dir.c_str());
    REQUIRE(m);
    CHECK(neo_model_threads(m) >= 1);  // one per online CPU
    for (int threads : {1, 2, 4, 3, 1})
        for (int seed : {0, 1}) {
            CAPTURE(threads);
            CAPTURE(seed);
            check_run(m, threads, seed);
        }
    CHECK(neo_model_set_threads(m, -1) == -1);
    CHECK(contains(last_error(), "give 1 to 1024, or 0 for one per online CPU"));
    CHECK(neo_model_set_threads(m, 0) == 0);
    CHECK(neo_model_threads(m) >= 1);
    // Waking the workers before a run leaves its outputs as they were.
    REQUIRE(neo_model_set_threads(m, 2) == 0);
    const int woken = neo_model_wake_threads(m);
    CHECK((woken == 0 || woken == 1));
    check_run(m, 2, 1);
    CHECK(neo_model_wake_threads(nullptr) == -1);
    CHECK(contains(last_error(), "no model (NULL)"));

    // A profiled run gives the same outputs, and a time for each step.
    REQUIRE(neo_model_num_steps(m) == 2);
    neo_step_info step{};
    REQUIRE(neo_model_step_info(m, 0, &step) == 0);
    CHECK(std::string(step.name) == "affine");
    CHECK(std::string(step.op) == "Affine");
    CHECK(step.flops == 2.0 * 4 * 64);
    CHECK(neo_model_step_info(m, 2, &step) == -1);
    CHECK(contains(last_error(), "step index 2 is out of range"));
    std::vector<float> x1 = fixture_x(1);
    std::vector<int32_t> k1 = fixture_k();
    REQUIRE(neo_model_set_input(m, 0, x1.data(), NEO_DTYPE_F32, 2, std::vector<int64_t>{4, 64}.data()) == 0);
    REQUIRE(neo_model_set_input(m, 1, k1.data(), NEO_DTYPE_I32, 1, std::vector<int64_t>{4}.data()) == 0);
    double seconds[2] = {-1, -1};
    REQUIRE(neo_model_run_profiled(m, seconds) == 0);
    CHECK(seconds[0] >= 0);
    CHECK(seconds[1] >= 0);
    CHECK(static_cast<const float*>(neo_model_output_data(m, 0))[7] == expected_y(x1)[7]);
    CHECK(neo_model_run_profiled(m, nullptr) == -1);

    // Filling an input in place works as well as set_input.
    std::vector<float> x = fixture_x(2);
    std::memcpy(neo_model_input_data(m, 0), x.data(), x.size() * 4);
    REQUIRE(neo_model_run(m) == 0);
    CHECK(static_cast<const float*>(neo_model_output_data(m, 0))[100] == expected_y(x)[100]);
    neo_model_free(m);
    fs::remove_all(dir.parent_path());
}

TEST_CASE("the C++ header wraps the runtime and throws its messages") {
    fs::path dir = scratch_dir("rt_cpp") / "artifact";
    write_fixture_artifact(dir, fixture_library());
    neo::runtime::Model model(dir.string());
    auto inputs = model.inputs();
    REQUIRE(inputs.size() == 2);
    CHECK(inputs[0].name == "x");
    CHECK(inputs[0].shape == std::vector<int64_t>{4, 64});
    CHECK(model.outputs()[1].dtype_name() == std::string("i64"));
    std::vector<float> x = fixture_x(1);
    std::vector<int32_t> k = fixture_k();
    model.set_threads(2);
    CHECK(model.threads() == 2);
    model.set_input("x", x.data(), NEO_DTYPE_F32, {4, 64});
    model.set_input(1, k.data(), NEO_DTYPE_I32, {4});
    model.run();
    CHECK(model.output_as<int64_t>(1)[3] == expected_z(x, k)[3]);
    CHECK_THROWS_WITH_AS(model.set_input("x", x.data(), NEO_DTYPE_F64, {4, 64}),
                         "input 'x' expects f32[4,64], got f64[4,64]", neo::runtime::Error);
    CHECK_THROWS_WITH_AS(model.input_index("X"), "the model has no input named 'X' (inputs: x, k)",
                         std::runtime_error);
    neo::runtime::Model moved = std::move(model);
    CHECK(moved.num_outputs() == 2);
    CHECK_FALSE(model);
    CHECK_THROWS_AS(neo::runtime::Model((dir.parent_path() / "nothing").string()), neo::runtime::Error);
    CHECK(std::string(neo::runtime::version()) == std::string(neo::neo_version()));
    fs::remove_all(dir.parent_path());
}

TEST_CASE("dtype names and sizes are neo's") {
    CHECK(std::string(neo_dtype_name(NEO_DTYPE_F32)) == "f32");
    CHECK(std::string(neo_dtype_name(NEO_DTYPE_BOOL)) == "bool");
    CHECK(std::string(neo_dtype_name(NEO_DTYPE_BF16)) == "bf16");
    CHECK(std::string(neo_dtype_name(NEO_DTYPE_U64)) == "u64");
    CHECK(std::string(neo_dtype_name(NEO_DTYPE_STRING)) == "string");
    CHECK(neo_dtype_size(NEO_DTYPE_STRING) == sizeof(neo_abi_string));  // a view
    CHECK(std::string(neo_dtype_name(-3)) == "?");
    CHECK(std::string(neo_dtype_name(99)) == "?");
    CHECK(std::string(neo_dtype_name(NEO_DTYPE_F8E4M3FN)) == "f8e4m3fn");
    CHECK(std::string(neo_dtype_name(NEO_DTYPE_I2)) == "i2");
    CHECK(std::string(neo_dtype_name(NEO_DTYPE_I2 + 1)) == "?");
    CHECK(neo_dtype_size(NEO_DTYPE_F64) == 8);
    CHECK(neo_dtype_size(NEO_DTYPE_F16) == 2);
    CHECK(neo_dtype_size(NEO_DTYPE_BOOL) == 1);
    CHECK(neo_dtype_size(0) == 0);
    for (int32_t d = 1; d <= NEO_DTYPE_I2; ++d) {  // the storage-only types too: one byte each
        if (d == NEO_DTYPE_STRING) continue;  // core has no fixed size for strings
        auto parsed = neo::parse_dtype(neo_dtype_name(d));
        REQUIRE(parsed);
        CHECK(static_cast<int32_t>(*parsed) == d);
        CHECK(neo_dtype_size(d) == neo::dtype_size(*parsed));
    }
}
