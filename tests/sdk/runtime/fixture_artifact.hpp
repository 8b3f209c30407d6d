#pragma once
// Assembles artifact directories around the fixture model (fixture_model.c) and computes
// its outputs independently, for the runtime and neo-run tests.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "neo/core/artifact/artifact.hpp"

namespace neo::test {

namespace fs = std::filesystem;

inline constexpr int kFixtureRows = 4, kFixtureCols = 64, kFixtureSize = 256;

inline std::string fixture_library(const std::string& name = "fixture_model") {
    return NEO_BINARY_DIR "/tests/fixtures/runtime/" + name + ".so";
}

// The fixture's weights: exact in binary so that the expected values are exact.
inline float fixture_w(int i) { return 0.5f - static_cast<float>(i % 7) * 0.25f; }
inline constexpr float kFixtureBias = 0.125f;

// model.params as fixture_model.c reads it: w f32[256] at 0, b f32 at 1024, 1088 bytes.
inline std::vector<uint8_t> fixture_params() {
    std::vector<uint8_t> p(1088, 0);
    for (int i = 0; i < kFixtureSize; ++i) {
        float w = fixture_w(i);
        std::memcpy(p.data() + 4 * i, &w, 4);
    }
    std::memcpy(p.data() + 1024, &kFixtureBias, 4);
    return p;
}

// Inputs with a known pattern: x = multiples of 1/8 around 0, k = 1..4.
inline std::vector<float> fixture_x(int seed = 0) {
    std::vector<float> x(kFixtureSize);
    for (int i = 0; i < kFixtureSize; ++i) x[i] = static_cast<float>((i * 5 + seed * 3) % 23 - 11) / 8.0f;
    return x;
}
inline std::vector<int32_t> fixture_k() { return {1, 2, 3, 4}; }

// What the model must compute, written independently of fixture_model.c.
inline std::vector<float> expected_y(const std::vector<float>& x) {
    std::vector<float> y(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i] * fixture_w(static_cast<int>(i)) + kFixtureBias;
    return y;
}
inline std::vector<int64_t> expected_z(const std::vector<float>& x, const std::vector<int32_t>& k) {
    std::vector<float> y = expected_y(x);
    std::vector<int64_t> z(kFixtureRows);
    for (int r = 0; r < kFixtureRows; ++r) {
        int64_t positive = 0;
        for (int c = 0; c < kFixtureCols; ++c) positive += y[r * kFixtureCols + c] > 0.0f;
        z[r] = int64_t{k[r]} * 1000 + positive;
    }
    return z;
}

struct FixtureTarget {
    std::string arch = "X86_64";
    std::string triple = "x86_64-linux-gnu";
    std::vector<std::string> features = {};
};

// Writes an artifact: `library` as model.so, the fixture's params, model.json, manifest.
inline void write_fixture_artifact(const fs::path& dir, const std::string& library,
                                   const FixtureTarget& target = {}) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy_file(library, dir / "model.so");
    {
        auto p = fixture_params();
        std::ofstream(dir / "model.params", std::ios::binary)
            .write(reinterpret_cast<const char*>(p.data()), static_cast<std::streamsize>(p.size()));
    }
    nlohmann::json model = {
        {"format", "neo-artifact"},
        {"format_version", 1},
        {"target",
         {{"plugin", "test_fixture"}, {"arch", target.arch}, {"triple", target.triple}, {"cpu", "generic"},
          {"features", target.features}}},
        {"inputs",
         {{{"name", "x"}, {"dtype", "f32"}, {"shape", {4, 64}}}, {{"name", "k"}, {"dtype", "i32"}, {"shape", {4}}}}},
        {"outputs",
         {{{"name", "y"}, {"dtype", "f32"}, {"shape", {4, 64}}}, {{"name", "z"}, {"dtype", "i64"}, {"shape", {4}}}}}};
    neo::write_json(dir / "model.json", model);
    neo::write_manifest(dir);
}

// A fresh scratch folder under the system's temporary directory.
inline fs::path scratch_dir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("neo_test_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

}  // namespace neo::test
