#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "neo/core/artifact/artifact.hpp"
#include "neo/core/util/npy.hpp"
#include "support/run_tool.hpp"

namespace fs = std::filesystem;
using neo::test::neo_build;
using neo::test::run_tool;
using neo::test::shell_quote;

namespace {
const std::string kSample = NEO_SOURCE_DIR "/samples/digits";
std::string neo_run() { return neo::test::tool("neo-run"); }
}  // namespace

TEST_CASE("the sample model compiles for this machine and matches scikit-learn") {
    fs::path work = fs::temp_directory_path() / ("neo_test_sample_" + std::to_string(::getpid()));
    fs::remove_all(work);
    fs::path out = work / "artifact";
    auto build = run_tool(neo_build() + " " + shell_quote(kSample + "/digits.onnx") +
                          " --input-shapes '{\"image\":[1,1,8,8]}'"
                          " --target-platform '{\"Os\":\"LINUX\",\"Arch\":\"X86_64\"}' -o " +
                          shell_quote(out.string()));
    INFO(build.output);
    REQUIRE(build.status == 0);
    CHECK(build.output.find("target plugin 'llvm_cpu'") != std::string::npos);
    neo::verify_manifest(out);

    auto run = run_tool(neo_run() + " " + shell_quote(out.string()) + " --input image=" +
                        shell_quote(kSample + "/sample_image.npy") + " --repeat 3 --json --output-dir " +
                        shell_quote((work / "outputs").string()));
    INFO(run.output);
    REQUIRE(run.status == 0);
    auto report = nlohmann::json::parse(run.output);
    CHECK(report["outputs"][0]["name"] == "probabilities");
    CHECK(report["outputs"][0]["shape"] == nlohmann::json({1, 10}));
    for (const char* k : {"mean_ms", "median_ms", "p90_ms", "p99_ms", "min_ms", "max_ms"})
        CHECK(report["latency"].contains(k));

    // scikit-learn's own probabilities for the sample are the reference.
    neo::Tensor got = neo::read_npy(work / "outputs" / "output_0.npy");
    neo::Tensor want = neo::read_npy(kSample + "/sample_probabilities.npy");
    REQUIRE(got.shape() == want.shape());
    for (int64_t i = 0; i < want.numel(); ++i)
        CHECK(got.at_double(i) == doctest::Approx(want.at_double(i)).epsilon(1e-4));

    // The text report ranks the classes: the sample's label comes first.
    std::ifstream label_file(kSample + "/sample_label.txt");
    std::string label;
    label_file >> label;
    auto text = run_tool(neo_run() + " " + shell_quote(out.string()) + " --input image=" +
                         shell_quote(kSample + "/sample_image.npy"));
    INFO(text.output);
    CHECK(text.output.find("top-5: " + label + " (") != std::string::npos);
    CHECK(text.output.find("latency over 1 run(s): mean ") != std::string::npos);
    fs::remove_all(work);
}

TEST_CASE("neo-build replaces an earlier artifact but never a directory of other files") {
    fs::path work = fs::temp_directory_path() / ("neo_test_outdir_" + std::to_string(::getpid()));
    fs::remove_all(work);
    fs::create_directories(work / "precious");
    {
        std::ofstream(work / "precious" / "notes.txt") << "keep me";
    }
    std::string cmd = neo_build() + " " + shell_quote(kSample + "/digits.onnx") +
                      " --target-device ml_c5 -o ";
    auto r = run_tool(cmd + shell_quote((work / "precious").string()));
    CHECK(r.status == 1);
    CHECK(r.output.find("holds no neo artifact") != std::string::npos);
    CHECK(fs::exists(work / "precious" / "notes.txt"));
    CHECK(run_tool(cmd + shell_quote((work / "art").string())).status == 0);
    CHECK(run_tool(cmd + shell_quote((work / "art").string())).status == 0);
    fs::remove_all(work);
}

TEST_CASE("neo-run names what is wrong with its inputs and the artifact") {
    fs::path work = fs::temp_directory_path() / ("neo_test_run_errors_" + std::to_string(::getpid()));
    fs::remove_all(work);
    fs::path out = work / "artifact";
    REQUIRE(run_tool(neo_build() + " " + shell_quote(kSample + "/digits.onnx") +
                     " --target-device ml_c5 -o " + shell_quote(out.string()))
                .status == 0);
    std::string run = neo_run() + " " + shell_quote(out.string());
    auto r = run_tool(run + " --input img=" + shell_quote(kSample + "/sample_image.npy"));
    CHECK(r.status == 1);
    CHECK(r.output.find("the model has no input of that name (inputs: image)") != std::string::npos);
    r = run_tool(run + " --input image=" + shell_quote(kSample + "/sample_probabilities.npy"));
    CHECK(r.status == 1);
    CHECK(r.output.find("input 'image' expects f32[1,1,8,8], got f32[1,10]") != std::string::npos);
    r = run_tool(run + " --fill sometimes");
    CHECK(r.status == 1);
    CHECK(r.output.find("--fill") != std::string::npos);
    // --profile times compiled kernels; a reference artifact has none.
    fs::path ref = work / "reference";
    REQUIRE(run_tool(neo_build() + " " + shell_quote(kSample + "/digits.onnx") +
                     " --target-device ml_c5 --target-plugin reference -o " + shell_quote(ref.string()))
                .status == 0);
    r = run_tool(neo_run() + " " + shell_quote(ref.string()) + " --profile");
    CHECK(r.status == 1);
    CHECK(r.output.find("--profile times compiled kernels") != std::string::npos);
    {
        // model.params is in every artifact, reference or native.
        std::ofstream(out / "model.params", std::ios::app) << "\n// tampered\n";
    }
    r = run_tool(run);
    CHECK(r.status == 1);
    CHECK(r.output.find("model.params: sha256 does not match manifest.json") != std::string::npos);
    fs::remove_all(work);
}
