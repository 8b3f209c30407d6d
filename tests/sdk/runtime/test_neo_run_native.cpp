// neo-run's runtime path on the fixture artifact: outputs, JSON, and its errors.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "fixture_artifact.hpp"
#include "neo/core/util/npy.hpp"
#include "support/run_tool.hpp"

namespace fs = std::filesystem;
using namespace neo::test;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
std::string q(const fs::path& p) { return shell_quote(p.string()); }
std::string neo_run() { return tool("neo-run"); }

void write_inputs(const fs::path& dir, const std::vector<float>& x, const std::vector<int32_t>& k) {
    neo::write_npy(dir / "x.npy", neo::Tensor::from_bytes(neo::DType::f32, {4, 64},
                                                          {reinterpret_cast<const uint8_t*>(x.data()), x.size() * 4}));
    neo::write_npy(dir / "k.npy", neo::Tensor::from_bytes(neo::DType::i32, {4},
                                                          {reinterpret_cast<const uint8_t*>(k.data()), k.size() * 4}));
}

void check_outputs(const fs::path& out, const std::vector<float>& x, const std::vector<int32_t>& k) {
    neo::Tensor y = neo::read_npy(out / "output_0.npy");
    neo::Tensor z = neo::read_npy(out / "output_1.npy");
    REQUIRE(y.dtype() == neo::DType::f32);
    REQUIRE(y.shape() == std::vector<int64_t>{4, 64});
    REQUIRE(z.dtype() == neo::DType::i64);
    REQUIRE(z.shape() == std::vector<int64_t>{4});
    std::vector<float> want_y = expected_y(x);
    std::vector<int64_t> want_z = expected_z(x, k);
    int wrong = 0;
    for (int i = 0; i < kFixtureSize; ++i) wrong += y.at_double(i) != static_cast<double>(want_y[i]);
    CHECK(wrong == 0);
    for (int r = 0; r < kFixtureRows; ++r) CHECK(z.at_double(r) == static_cast<double>(want_z[r]));
}

}  // namespace

TEST_CASE("neo-run runs a native artifact through the runtime") {
    fs::path work = scratch_dir("neo_run_native");
    fs::path art = work / "artifact";
    write_fixture_artifact(art, fixture_library());
    std::vector<float> x = fixture_x(1);
    std::vector<int32_t> k = fixture_k();
    write_inputs(work, x, k);
    std::string inputs = " --input x=" + q(work / "x.npy") + " --input=k=" + q(work / "k.npy");

    auto r = run_tool(neo_run() + " " + q(art) + inputs + " --repeat 3 --warmup 1 --threads 2 --json --output-dir " +
                      q(work / "out"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    auto report = nlohmann::json::parse(r.output);
    CHECK(report["runs"] == 3);
    REQUIRE(report["outputs"].size() == 2);
    CHECK(report["outputs"][0]["name"] == "y");
    CHECK(report["outputs"][0]["dtype"] == "f32");
    CHECK(report["outputs"][0]["shape"] == nlohmann::json({4, 64}));
    CHECK(report["outputs"][1]["name"] == "z");
    CHECK(report["outputs"][1]["dtype"] == "i64");
    CHECK(report["outputs"][1]["file"] == (work / "out" / "output_1.npy").string());
    for (const char* key : {"mean_ms", "median_ms", "p90_ms", "p99_ms", "min_ms", "max_ms"}) {
        CHECK(report["latency"][key].is_number());
        CHECK(report["latency"][key].get<double>() >= 0.0);
    }
    check_outputs(work / "out", x, k);

    // --profile: the same outputs, and each step's time (JSON in run order, text slowest first).
    r = run_tool(neo_run() + " " + q(art) + inputs + " --repeat 2 --profile --json --output-dir " + q(work / "prof"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    report = nlohmann::json::parse(r.output);
    REQUIRE(report["profile"].size() == 2);
    CHECK(report["profile"][0]["op"] == "Affine");
    CHECK(report["profile"][0]["kernel"] == "affine");
    CHECK(report["profile"][0]["flops"] == 2.0 * 4 * 64);
    CHECK(report["profile"][1]["node"] == "z");
    CHECK(report["profile"][1]["mean_ms"].get<double>() >= 0.0);
    check_outputs(work / "prof", x, k);
    r = run_tool(neo_run() + " " + q(art) + inputs + " --profile");
    REQUIRE(r.status == 0);
    CHECK(contains(r.output, "profile (mean per run, slowest first):"));
    CHECK(contains(r.output, "CountFlags"));

    // The text report, and --fill for inputs not given.
    r = run_tool(neo_run() + " " + q(art) + " --input k=" + q(work / "k.npy") + " --fill ones --threads 1");
    REQUIRE(r.status == 0);
    CHECK(contains(r.output, "output 0 'y' f32[4,64] [0.625, 0.375, 0.125, -0.125, -0.375, -0.625, ...]"));
    CHECK(contains(r.output, "output 1 'z' i64[4] [1028, 2028, 3028, 4027]"));
    CHECK(contains(r.output, "latency over 1 run(s): mean "));
    // --emulate on an artifact of this machine's architecture runs it here.
    r = run_tool(neo_run() + " " + q(art) + inputs + " --emulate --output-dir " + q(work / "out2"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    check_outputs(work / "out2", x, k);
    fs::remove_all(work);
}

TEST_CASE("neo-run names what is wrong with a native artifact's inputs, files and command line") {
    fs::path work = scratch_dir("neo_run_native_errors");
    fs::path art = work / "artifact";
    write_fixture_artifact(art, fixture_library());
    write_inputs(work, fixture_x(), fixture_k());
    std::string run = neo_run() + " " + q(art);

    auto r = run_tool(run + " --input img=" + q(work / "x.npy"));
    CHECK(r.status == 1);
    CHECK(contains(r.output, "neo-run: error: --input img: the model has no input of that name (inputs: x, k)"));

    r = run_tool(run + " --input k=" + q(work / "x.npy"));
    CHECK(r.status == 1);
    CHECK(contains(r.output, (work / "x.npy").string() + ": input 'k' expects i32[4], got f32[4,64]"));
    neo::write_npy(work / "k64.npy", neo::Tensor::zeros(neo::DType::i64, {4}));
    r = run_tool(run + " --input k=" + q(work / "k64.npy"));
    CHECK(r.status == 1);
    CHECK(contains(r.output, "input 'k' expects i32[4], got i64[4]"));
    r = run_tool(run + " --input x=" + q(work / "absent.npy"));
    CHECK(r.status == 1);
    CHECK(contains(r.output, "absent.npy: cannot open the .npy file"));

    r = run_tool(run + " --fill sometimes");
    CHECK(r.status == 1);
    CHECK(contains(r.output, "--fill: 'sometimes' is not zeros, ones or random"));
    for (const char* bad : {" --repeat abc", " --bogus", " --threads", " --json=yes", " other_dir"}) {
        CAPTURE(bad);
        r = run_tool(run + bad);
        CHECK(r.status == 2);
        CHECK(contains(r.output, "run `neo-run --help` for the options"));
    }
    r = run_tool(neo_run());
    CHECK(r.status == 2);
    CHECK(contains(r.output, "usage: neo-run DIR [options]"));
    r = run_tool(neo_run() + " --help");
    CHECK(r.status == 0);
    CHECK(contains(r.output, "--emulate"));

    // An artifact for another architecture: say so, and what --emulate can do.
    write_fixture_artifact(work / "mips", fixture_library(), {"MIPS", "mips-linux-gnu"});
    r = run_tool(neo_run() + " " + q(work / "mips"));
    CHECK(r.status == 1);
    CHECK(contains(r.output, "built for MIPS (mips-linux-gnu), but this machine runs X86_64 Linux; run it on such a "
                             "device, or here under emulation with --emulate"));
    r = run_tool(neo_run() + " " + q(work / "mips") + " --emulate");
    CHECK(r.status == 1);
    CHECK(contains(r.output, "cannot emulate an artifact built for MIPS (mips-linux-gnu) here"));

#if defined(__x86_64__)
    // Code for CPU features this machine lacks would die of SIGILL: neo-run says so instead.
    write_fixture_artifact(work / "avx512", fixture_library(), {"X86_64", "x86_64-linux-gnu", {"+avx2", "+avx512f"}});
    r = run_tool(neo_run() + " " + q(work / "avx512"));
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2")) {
        CHECK(r.status == 0);
    } else {
        CHECK(r.status == 1);
        CHECK(contains(r.output, "avx512: built for CPU features this machine lacks ("));
        CHECK(contains(r.output, "target cpu generic); run it on a machine that has them, or rebuild it"));
    }
#endif

    // Damaged artifacts.
    {
        std::fstream f(art / "model.params", std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(7);
        f.put('\x01');
    }
    r = run_tool(run);
    CHECK(r.status == 1);
    CHECK(contains(r.output, (art / "model.params").string() + ": sha256 does not match manifest.json"));
    write_fixture_artifact(art, fixture_library());
    fs::remove(art / "model.so");
    r = run_tool(run);
    CHECK(r.status == 1);
    CHECK(contains(r.output, (art / "model.so").string() + ": listed in manifest.json but missing"));
    fs::remove(art / "model.json");
    r = run_tool(run);
    CHECK(r.status == 1);
    CHECK(contains(r.output, (art / "model.json").string() + ": cannot open the file"));
    r = run_tool(neo_run() + " " + q(work / "nothing"));
    CHECK(r.status == 1);
    CHECK(contains(r.output, "nothing: not an artifact directory (run neo-build first)"));
    fs::remove_all(work);
}
