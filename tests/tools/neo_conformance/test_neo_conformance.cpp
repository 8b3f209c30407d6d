#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "support/run_tool.hpp"

namespace fs = std::filesystem;
namespace {
std::string neo_conformance() { return neo::test::tool("neo-conformance"); }
}  // namespace
using neo::test::run_tool;
using neo::test::shell_quote;

namespace {

// --- A minimal TensorProto encoder: dims (1), data_type (2), raw_data (9). ---
void varint(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7f) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}

// A float TensorProto (ONNX data_type 1) with these dims and values.
std::string float_tensor_proto(const std::vector<int64_t>& dims, const std::vector<float>& values) {
    std::string pb;
    for (int64_t d : dims) {
        varint(pb, (1 << 3) | 0);
        varint(pb, static_cast<uint64_t>(d));
    }
    varint(pb, (2 << 3) | 0);
    varint(pb, 1);
    varint(pb, (9 << 3) | 2);
    varint(pb, values.size() * sizeof(float));
    pb.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
    return pb;
}

void write_file(const fs::path& f, const std::string& bytes) {
    fs::create_directories(f.parent_path());
    std::ofstream(f, std::ios::binary) << bytes;
}

nlohmann::json read_json(const fs::path& f) {
    std::ifstream in(f);
    return nlohmann::json::parse(in);
}

std::string read_text(const fs::path& f) {
    std::ifstream in(f);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One case of the model y = a + b (tests/data/frontend_onnx/models/two_inputs.onnx,
// inputs [N,4]) with N = 2; `wrong` makes the expected output wrong.
void add_case(const fs::path& dir, bool wrong) {
    fs::create_directories(dir);
    fs::copy_file(NEO_SOURCE_DIR "/tests/data/frontend_onnx/models/two_inputs.onnx", dir / "model.onnx");
    std::vector<float> a{1, 2, 3, 4, 5, 6, 7, 8}, b{0.5f, -1, 2, 0, 1, 1, 1, 1}, y(8);
    for (int i = 0; i < 8; ++i) y[i] = a[i] + b[i] + (wrong && i == 3 ? 1.0f : 0.0f);
    write_file(dir / "test_data_set_0/input_0.pb", float_tensor_proto({2, 4}, a));
    write_file(dir / "test_data_set_0/input_1.pb", float_tensor_proto({2, 4}, b));
    write_file(dir / "test_data_set_0/output_0.pb", float_tensor_proto({2, 4}, y));
}

// The status of each case in a report, by name.
std::map<std::string, std::string> statuses(const nlohmann::json& report) {
    std::map<std::string, std::string> s;
    for (const auto& c : report.at("cases")) s[c.at("name")] = c.at("status");
    return s;
}

}  // namespace

TEST_CASE("neo-conformance sorts a synthetic suite into pass, fail and error") {
    fs::path work = fs::temp_directory_path() / ("neo_test_conformance_" + std::to_string(::getpid()));
    fs::remove_all(work);
    fs::path suite = work / "synthetic";
    add_case(suite / "test_add_good", false);
    add_case(suite / "test_add_wrong", true);
    write_file(suite / "test_corrupt/model.onnx", "this is not a protobuf model");
    write_file(suite / "test_corrupt/test_data_set_0/input_0.pb", float_tensor_proto({1}, {1}));
    write_file(suite / "test_corrupt/test_data_set_0/output_0.pb", float_tensor_proto({1}, {1}));

    auto r = run_tool(neo_conformance() + " --suite " + shell_quote(suite.string()) +
                      " --target reference --jobs 2 --report " + shell_quote((work / "r.json").string()) +
                      " --markdown " + shell_quote((work / "r.md").string()) + " --write-passing " +
                      shell_quote((work / "passing.txt").string()));
    INFO(r.output);
    REQUIRE(r.status == 0);  // failing cases alone do not fail the run
    auto report = read_json(work / "r.json");
    auto s = statuses(report);
    CHECK(s["test_add_good"] == "pass");
    CHECK(s["test_add_wrong"] == "fail");
    CHECK(s["test_corrupt"] == "error");
    for (const auto& c : report["cases"]) {
        CHECK(c["suite"] == "synthetic");
        if (c["name"] == "test_add_wrong") CHECK(c["max_abs_error"].get<double>() == doctest::Approx(1.0));
        if (c["name"] == "test_add_good") CHECK(c["ops"] == nlohmann::json{"Add"});
    }
    const auto& sum = report["summary"];
    CHECK(sum["total"] == 3);
    CHECK(sum["pass"] == 1);
    CHECK(sum["fail"] == 1);
    CHECK(sum["error"] == 1);
    CHECK(sum["by_suite"]["synthetic"]["total"] == 3);
    CHECK(read_text(work / "passing.txt") == "synthetic/test_add_good\n");
    CHECK(read_text(work / "r.md").find("| Add | 2 | 1 | 1 | 0 | 0 | 50.0% |") != std::string::npos);

    // A case that passed before and fails now is a regression: exit status 1, named.
    write_file(work / "expected.txt", "synthetic/test_add_good\nsynthetic/test_add_wrong\n");
    auto reg = run_tool(neo_conformance() + " --suite " + shell_quote(suite.string()) +
                        " --report " + shell_quote((work / "r2.json").string()) +
                        " --expect-passing " + shell_quote((work / "expected.txt").string()));
    INFO(reg.output);
    CHECK(reg.status == 1);
    CHECK(reg.output.find("regression: synthetic/test_add_wrong") != std::string::npos);
    CHECK(reg.output.find("regression: synthetic/test_add_good") == std::string::npos);
    fs::remove_all(work);
}

// An int64 TensorProto (ONNX data_type 7) with these dims and values.
std::string int64_tensor_proto(const std::vector<int64_t>& dims, const std::vector<int64_t>& values) {
    std::string pb;
    for (int64_t d : dims) {
        varint(pb, (1 << 3) | 0);
        varint(pb, static_cast<uint64_t>(d));
    }
    varint(pb, (2 << 3) | 0);
    varint(pb, 7);
    varint(pb, (9 << 3) | 2);
    varint(pb, values.size() * sizeof(int64_t));
    pb.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(int64_t));
    return pb;
}

// The flat layout of ONNX's "light" models: <name>.onnx + <name>_output_<i>.pb and no input
// data; every input then holds arange(n) / n (floats) or arange(n) (integers).
TEST_CASE("neo-conformance feeds ramps to flat-layout models without input data") {
    fs::path work = fs::temp_directory_path() / ("neo_test_conformance_flat_" + std::to_string(::getpid()));
    fs::remove_all(work);
    fs::path suite = work / "light";
    const fs::path models = NEO_SOURCE_DIR "/tests/data/frontend_onnx/models";
    fs::create_directories(suite);
    // static_pair: y = a * 2 (a: f32 [2,3]), z = b + 1 (b: i64 [4]).
    fs::copy_file(models / "static_pair.onnx", suite / "light_pair.onnx");
    write_file(suite / "light_pair_output_0.pb",
               float_tensor_proto({2, 3}, {0, 2 / 6.f, 4 / 6.f, 6 / 6.f, 8 / 6.f, 10 / 6.f}));
    write_file(suite / "light_pair_output_1.pb", int64_tensor_proto({4}, {1, 2, 3, 4}));
    // Dynamic input shapes cannot be filled without data: an error naming the input.
    fs::copy_file(models / "two_inputs.onnx", suite / "light_dynamic.onnx");
    write_file(suite / "light_dynamic_output_0.pb", float_tensor_proto({1}, {0}));

    auto r = run_tool(neo_conformance() + " --suite " + shell_quote(suite.string()) +
                      " --report " + shell_quote((work / "r.json").string()));
    INFO(r.output);
    REQUIRE(r.status == 0);
    auto report = read_json(work / "r.json");
    auto s = statuses(report);
    CHECK(s["light_pair"] == "pass");
    CHECK(s["light_dynamic"] == "error");
    for (const auto& c : report["cases"])
        if (c["name"] == "light_dynamic")
            CHECK(c["message"].get<std::string>().find("'a' f32[N,4]") != std::string::npos);
    fs::remove_all(work);
}

// Regression: an infinite error (JSON writes it as null) made the result unreadable and the
// case an "error" without a reason; it is a "fail" with its message.
TEST_CASE("an infinite difference is a failure with a reason") {
    fs::path work = fs::temp_directory_path() / ("neo_test_conformance_inf_" + std::to_string(::getpid()));
    fs::remove_all(work);
    const fs::path dir = work / "synthetic" / "test_add_inf";
    fs::create_directories(dir);
    fs::copy_file(NEO_SOURCE_DIR "/tests/data/frontend_onnx/models/two_inputs.onnx", dir / "model.onnx");
    write_file(dir / "test_data_set_0/input_0.pb", float_tensor_proto({1, 4}, {INFINITY, 1, 2, 3}));
    write_file(dir / "test_data_set_0/input_1.pb", float_tensor_proto({1, 4}, {0, 0, 0, 0}));
    write_file(dir / "test_data_set_0/output_0.pb", float_tensor_proto({1, 4}, {0, 1, 2, 3}));
    auto r = run_tool(neo_conformance() + " --suite " + shell_quote((work / "synthetic").string()) +
                      " --report " + shell_quote((work / "r.json").string()));
    INFO(r.output);
    REQUIRE(r.status == 0);
    const auto c = read_json(work / "r.json")["cases"].at(0);
    CHECK(c["status"] == "fail");
    CHECK(c["max_abs_error"].is_null());
    CHECK(c["message"].get<std::string>().find("element 0: got inf") != std::string::npos);
    fs::remove_all(work);
}

TEST_CASE("neo-conformance rejects a bad command line") {
    CHECK(run_tool(neo_conformance() + " --report x.json").status == 2);
    CHECK(run_tool(neo_conformance() + " --suite /nonexistent-neo-suite --report x.json").status == 1);
}

TEST_CASE("neo-conformance runs quick node cases of the shared ONNX data") {
    const char* root = std::getenv("NEO_ONNX_CONFORMANCE_DIR");
    if (!root || !*root) {
        MESSAGE("NEO_ONNX_CONFORMANCE_DIR is not set: skipping the shared-data run");
        return;
    }
    fs::path work = fs::temp_directory_path() / ("neo_test_conformance_node_" + std::to_string(::getpid()));
    fs::remove_all(work);
    const std::string filter =
        "^test_(relu|add|add_bcast|sub|mul|div|abs|neg|exp|log|sqrt|sigmoid|tanh|floor|ceil|"
        "softmax_example|softmax_axis_0|conv_with_strides_padding|gemm_default_no_bias|"
        "maxpool_2d_default|averagepool_2d_default|matmul_2d|transpose_default|"
        "reshape_reordered_all_dims|concat_1d_axis_0|identity|flatten_axis0|"
        "leakyrelu_default|reduce_sum_default_axes_keepdims_example|clip_default_min)$";
    auto r = run_tool(neo_conformance() + " --suite " + shell_quote((fs::path(root) / "node").string()) +
                      " --target reference --jobs 2 --timeout-s 60 -q --filter " + shell_quote(filter) +
                      " --report " + shell_quote((work / "r.json").string()));
    INFO(r.output);
    REQUIRE(r.status == 0);
    auto report = read_json(work / "r.json");
    const auto& sum = report["summary"];
    CHECK(sum["total"].get<int>() >= 20);
    CHECK(sum["total"] == sum["pass"].get<int>() + sum["fail"].get<int>() +
                              sum["unsupported"].get<int>() + sum["error"].get<int>());
    CHECK(sum["by_suite"]["node"]["total"] == sum["total"]);
    for (const auto& c : report["cases"]) {
        for (const char* key : {"suite", "name", "status", "max_abs_error", "message", "unsupported_ops"})
            CHECK(c.contains(key));
        INFO(c.dump());
        CHECK(c["status"] == "pass");  // these basic ops must all pass
    }
    fs::remove_all(work);
}

namespace {

// Runs every suite through `target` and fails when a case of `passing_list` does not pass.
void check_no_regression(const std::string& target, const std::string& passing_list) {
    const char* root = std::getenv("NEO_ONNX_CONFORMANCE_DIR");
    if (!root || !fs::is_directory(root)) {
        MESSAGE("NEO_ONNX_CONFORMANCE_DIR is not set: skipping the regression run");
        return;
    }
    fs::path work = fs::temp_directory_path() / ("neo_test_conformance_" + target + "_" + std::to_string(::getpid()));
    fs::remove_all(work);
    fs::create_directories(work);
    std::string suites;
    for (const char* s : {"node", "light", "simple", "pytorch-converted", "pytorch-operator"})
        suites += " --suite " + shell_quote((fs::path(root) / s).string());
    auto r = run_tool(neo_conformance() + suites + " --target " + target + " --jobs 2 --timeout-s 120 -q" +
                      " --report " + shell_quote((work / "r.json").string()) +
                      " --markdown " + shell_quote((work / "r.md").string()) +
                      " --expect-passing " + shell_quote(NEO_SOURCE_DIR "/conformance/" + passing_list));
    INFO(r.output);
    CHECK(r.status == 0);
    auto report = read_json(work / "r.json");
    MESSAGE("conformance (" << target << "): " << report["summary"].dump());
    fs::remove_all(work);
}

}  // namespace

TEST_CASE("no case of conformance/passing.txt regresses") { check_no_regression("reference", "passing.txt"); }

TEST_CASE("no case of conformance/passing_llvm_cpu.txt regresses on the llvm_cpu target") {
    check_no_regression("llvm_cpu", "passing_llvm_cpu.txt");
}

TEST_CASE("neo-conformance runs a target for another architecture under qemu-user") {
    const char* root = std::getenv("NEO_ONNX_CONFORMANCE_DIR");
    if (!root || !*root || run_tool("command -v qemu-arm && command -v arm-linux-gnueabihf-gcc").status != 0) {
        MESSAGE("skipped: needs NEO_ONNX_CONFORMANCE_DIR, qemu-arm and arm-linux-gnueabihf-gcc");
        return;
    }
    auto r = run_tool(shell_quote(NEO_SOURCE_DIR "/scripts/build_device_runtime.sh") + " arm-linux-gnueabihf " +
                      shell_quote(NEO_BINARY_DIR));
    INFO(r.output);
    REQUIRE(r.status == 0);
    fs::path work = fs::temp_directory_path() / ("neo_test_conformance_arm_" + std::to_string(::getpid()));
    fs::remove_all(work);
    r = run_tool(neo_conformance() + " --suite " + shell_quote((fs::path(root) / "node").string()) +
                 " --target llvm_cpu --target-device rasp3b --jobs 2 -q --filter " +
                 shell_quote("^test_(conv_with_strides_padding|gemm_default_no_bias|maxpool_2d_default|softmax_example)$") +
                 " --report " + shell_quote((work / "r.json").string()));
    INFO(r.output);
    REQUIRE(r.status == 0);
    auto report = read_json(work / "r.json");
    CHECK(report["target_spec"]["arch"] == "ARM_EABIHF");
    CHECK(report["summary"]["total"] == 4);
    CHECK(report["summary"]["pass"] == 4);

    // Bad targets are refused before any case runs.
    for (const char* bad : {"--target llvm_cpu --target-device no_such_board", "--target no_such_plugin"}) {
        r = run_tool(neo_conformance() + " --suite " + shell_quote((fs::path(root) / "node").string()) + " " + bad +
                     " --filter '^test_relu$' --report " + shell_quote((work / "x.json").string()));
        CHECK(r.status == 1);
        CHECK(r.output.find("no_such_") != std::string::npos);
    }
    fs::remove_all(work);
}
